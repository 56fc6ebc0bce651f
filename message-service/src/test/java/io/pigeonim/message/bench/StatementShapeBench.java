package io.pigeonim.message.bench;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.LanguageDriver;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.message.store.CachingXmlLanguageDriver;
import io.pigeonim.schema.MessageRow;

/**
 * CPU of building a store statement's SQL and parameters ({@code MappedStatement.getBoundSql}), MyBatis's stock
 * XML driver against {@link CachingXmlLanguageDriver}, for the row counts the uplink consumer's batches have.
 * No database: the statement is built, not run. Rounds alternate between the drivers; the ratio per round is
 * printed, so the spread shows. Run: {@code message-service/bench/run.sh sql [-Dbench.seconds=2]
 * [-Dbench.rounds=5]}.
 */
public final class StatementShapeBench {

    private static final String MAPPER = "io/pigeonim/schema/StoreMapper.xml";
    private static final String INSERT = "io.pigeonim.schema.StoreMapper.insertMessages";
    private static volatile Object sink;

    private StatementShapeBench() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("bench.seconds", 2);
        int rounds = Integer.getInteger("bench.rounds", 5);
        MappedStatement stock = configuration(XMLLanguageDriver.class).getMappedStatement(INSERT);
        MappedStatement cached = configuration(CachingXmlLanguageDriver.class).getMappedStatement(INSERT);
        System.out.println("rows | round | stock ns/op | cached ns/op | cached / stock");
        for (int rows : new int[] {1, 4, 16}) {
            Map<String, Object> parameter = Map.of("rows", rows(rows));
            nanosPerCall(stock, parameter, seconds);
            nanosPerCall(cached, parameter, seconds);
            for (int round = 1; round <= rounds; round++) {
                double before = nanosPerCall(stock, parameter, seconds);
                double after = nanosPerCall(cached, parameter, seconds);
                System.out.printf(Locale.ROOT, "%d | %d | %.0f | %.0f | %.2f%n", rows, round, before, after,
                        after / before);
            }
        }
    }

    private static double nanosPerCall(MappedStatement statement, Object parameter, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long calls = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 100; i++) {
                sink = statement.getBoundSql(parameter);
            }
            calls += 100;
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / calls;
    }

    private static Configuration configuration(Class<? extends LanguageDriver> driver) throws Exception {
        Configuration configuration = new Configuration();
        configuration.setDefaultScriptingLanguage(driver);
        try (InputStream xml = StatementShapeBench.class.getClassLoader().getResourceAsStream(MAPPER)) {
            new XMLMapperBuilder(xml, configuration, MAPPER, configuration.getSqlFragments()).parse();
        }
        return configuration;
    }

    private static List<MessageRow> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> new MessageRow(
                new StoredMessage("m-" + i, "p:alice:bob", i + 1, "alice", "c-" + i, "text", "hello " + i, 1_000L + i),
                "phone")).toList();
    }
}
