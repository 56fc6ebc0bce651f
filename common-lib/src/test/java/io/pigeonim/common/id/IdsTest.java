package io.pigeonim.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class IdsTest {

    private static final String CHARS = "azAZ09_.:-/ é\u0000~\t" + "bY5";

    /** The table-driven checks accept exactly what the documented patterns accept. */
    @Test
    void everyCheckAgreesWithItsPattern() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(70);
            StringBuilder value = new StringBuilder();
            for (int j = 0; j < length; j++) {
                value.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            String v = value.toString();
            agree(v, Ids.UID, Ids::isUid);
            agree(v, Ids.DEVICE_ID, Ids::isDeviceId);
            agree(v, Ids.GROUP_ID, Ids::isGroupId);
            agree(v, Ids.CLIENT_MSG_ID, Ids::isClientMsgId);
            agree(v, Ids.CONTENT_TYPE, Ids::isContentType);
        }
    }

    @Test
    void boundaries() {
        assertThat(Ids.isUid("a".repeat(64))).isTrue();
        assertThat(Ids.isUid("a".repeat(65))).isFalse();
        assertThat(Ids.isUid("")).isFalse();
        assertThat(Ids.isUid(null)).isFalse();
        assertThat(Ids.isContentType("image/png")).isTrue();
        assertThat(Ids.isContentType("Text")).isFalse();
        assertThat(Ids.isClientMsgId("9f1c-a:b.c_d")).isTrue();
        assertThat(Ids.isGroupId("a.b")).isFalse();
    }

    private static void agree(String value, Pattern pattern, Predicate<String> check) {
        assertThat(check.test(value)).as("%s against %s", value, pattern).isEqualTo(pattern.matcher(value).matches());
    }
}
