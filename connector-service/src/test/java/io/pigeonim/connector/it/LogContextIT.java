package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.connector.uplink.MembershipAccess;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;

/**
 * A log line written while a {@code send} frame is handled names its message and device in the log context (MDC):
 * here the warning of a group send whose membership cannot be checked (message-service down, no member set in
 * Redis). Each send's line carries its own ids, never the previous frame's, and never the content.
 */
class LogContextIT {

    @Test
    void aWarningWhileASendIsHandledNamesTheMessageAndTheDevice() throws Exception {
        List<Line> lines = new CopyOnWriteArrayList<>();
        // read on the logging thread: an event reads the MDC lazily, from whichever thread asks
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(new Line(event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap())));
            }
        };
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(MembershipAccess.class);
        String alice = ConnectorItSupport.uid("alice");
        String bob = ConnectorItSupport.uid("bob");
        String group = ConversationId.group("logs-" + UUID.randomUUID().toString().substring(0, 8)).value();
        try (ConnectorInstance connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(),
                "it.logs." + UUID.randomUUID(),
                // nothing answers there: the membership check fails and says so
                "--pigeon.connector.message-url=http://127.0.0.1:" + TestInfra.freePort())) {
            // after the start: Boot configures logging afresh then, dropping appenders added before
            logger.addAppender(appender);
            try (TestSocket phone = TestSocket.toConnector(connector.port(), alice, "phone");
                    TestSocket laptop = TestSocket.toConnector(connector.port(), bob, "laptop")) {
                phone.sendMessage(1, "c-phone", group, "secret words");
                assertThat(refusal(phone)).isEqualTo(ErrorCode.UNAVAILABLE);
                laptop.sendMessage(1, "c-laptop", group, "secret words");
                assertThat(refusal(laptop)).isEqualTo(ErrorCode.UNAVAILABLE);
                await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() >= 2);
            }
        } finally {
            logger.detachAppender(appender);
        }
        List<Map<String, String>> contexts = lines.stream().map(Line::context).toList();
        assertThat(contexts).satisfiesExactly(
                phoneLine -> assertThat(phoneLine).containsAllEntriesOf(Map.of("uid", alice, "deviceId", "phone",
                        "msgId", MessageIds.of(alice, "c-phone"), "clientMsgId", "c-phone", "conversationId", group)),
                laptopLine -> assertThat(laptopLine).containsAllEntriesOf(Map.of("uid", bob, "deviceId", "laptop",
                        "msgId", MessageIds.of(bob, "c-laptop"), "clientMsgId", "c-laptop", "conversationId", group)));
        assertThat(lines).noneMatch(line -> line.text().contains("secret"));
    }

    private static ErrorCode refusal(TestSocket device) {
        return ((ServerFrame.Error) device.next(Duration.ofSeconds(20))).code();
    }

    private record Line(String text, Map<String, String> context) {
    }
}
