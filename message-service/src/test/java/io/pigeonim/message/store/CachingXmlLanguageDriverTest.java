package io.pigeonim.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.schema.StoreMapper;

class CachingXmlLanguageDriverTest {

    /** The store's reads and its writes (db-schema): the statements the driver runs in message-service. */
    private static final List<String> MAPPERS = List.of("io/pigeonim/message/store/MessageMapper.xml",
            "io/pigeonim/schema/StoreMapper.xml");
    private static final String INSERT = StoreMapper.class.getName() + ".insertMessages";
    private static final String SELECT = MessageMapper.class.getName() + ".selectByMsgIds";

    @Test
    void bindsWhatTheStockDriverBindsForEveryRowCount() throws Exception {
        Configuration cached = configuration(CachingXmlLanguageDriver.class);
        Configuration stock = configuration(XMLLanguageDriver.class);
        for (int rows : new int[] {1, 3, 3, 7, 1}) {
            Map<String, Object> parameter = Map.of("rows", rows(rows));
            BoundSql expected = stock.getMappedStatement(INSERT).getBoundSql(parameter);
            BoundSql actual = cached.getMappedStatement(INSERT).getBoundSql(parameter);
            assertThat(actual.getSql()).isEqualTo(expected.getSql());
            assertThat(values(cached, actual)).isEqualTo(values(stock, expected)).hasSize(9 * rows);
            assertThat(actual.getParameterMappings()).extracting(ParameterMapping::getJavaType)
                    .isEqualTo(expected.getParameterMappings().stream().map(ParameterMapping::getJavaType).toList());
        }
    }

    @Test
    void parsesEachShapeOnce() throws Exception {
        Configuration configuration = configuration(CachingXmlLanguageDriver.class);
        MappedStatement insert = configuration.getMappedStatement(INSERT);
        CachingXmlLanguageDriver.ParsedOnceSqlSource source =
                (CachingXmlLanguageDriver.ParsedOnceSqlSource) insert.getSqlSource();
        insert.getBoundSql(Map.of("rows", rows(3)));
        insert.getBoundSql(Map.of("rows", rows(3)));
        assertThat(source.shapes()).isEqualTo(1);
        insert.getBoundSql(Map.of("rows", rows(4)));
        assertThat(source.shapes()).isEqualTo(2);
    }

    @Test
    void leavesLargeStatementsUncached() throws Exception {
        Configuration configuration = configuration(CachingXmlLanguageDriver.class);
        MappedStatement insert = configuration.getMappedStatement(INSERT);
        int rows = CachingXmlLanguageDriver.MAX_CACHED_PARAMETERS / 9 + 1;
        BoundSql bound = insert.getBoundSql(Map.of("rows", rows(rows)));
        assertThat(bound.getParameterMappings()).hasSize(9 * rows);
        assertThat(((CachingXmlLanguageDriver.ParsedOnceSqlSource) insert.getSqlSource()).shapes()).isZero();
    }

    @Test
    void aNullWhereAValueWasIsAnotherShape() throws Exception {
        Configuration configuration = configuration(CachingXmlLanguageDriver.class);
        MappedStatement select = configuration.getMappedStatement(SELECT);
        CachingXmlLanguageDriver.ParsedOnceSqlSource source =
                (CachingXmlLanguageDriver.ParsedOnceSqlSource) select.getSqlSource();
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        BoundSql typed = select.getBoundSql(Map.of("msgIds", List.of("m-1")));
        BoundSql untyped = select.getBoundSql(Map.of("msgIds", withNull));
        assertThat(source.shapes()).isEqualTo(2);
        assertThat(typed.getParameterMappings().get(0).getJavaType()).isEqualTo(String.class);
        assertThat(untyped.getParameterMappings().get(0).getJavaType()).isEqualTo(Object.class);
    }

    @Test
    void staticStatementsStayAsMyBatisBuildsThem() throws Exception {
        Configuration configuration = configuration(CachingXmlLanguageDriver.class);
        long dynamic = configuration.getMappedStatements().stream().distinct()
                .filter(s -> s.getSqlSource() instanceof CachingXmlLanguageDriver.ParsedOnceSqlSource).count();
        assertThat(dynamic).isPositive().isLessThan(configuration.getMappedStatements().stream().distinct().count());
    }

    private static Configuration configuration(Class<? extends XMLLanguageDriver> driver) throws Exception {
        Configuration configuration = new Configuration();
        configuration.setDefaultScriptingLanguage(driver);
        for (String mapper : MAPPERS) {
            try (InputStream xml = CachingXmlLanguageDriverTest.class.getClassLoader().getResourceAsStream(mapper)) {
                new XMLMapperBuilder(xml, configuration, mapper, configuration.getSqlFragments()).parse();
            }
        }
        return configuration;
    }

    private static List<MessageRow> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> new MessageRow(new StoredMessage("m-" + i, "p:alice:bob", i + 1,
                "alice", "c-" + i, "text", "hello " + i, 1_000L + i), i % 2 == 0 ? "phone" : null)).toList();
    }

    /** Each parameter's value, as the parameter handler reads it. */
    private static List<Object> values(Configuration configuration, BoundSql bound) {
        List<Object> values = new ArrayList<>();
        for (ParameterMapping mapping : bound.getParameterMappings()) {
            String property = mapping.getProperty();
            MetaObject meta = configuration.newMetaObject(bound.getAdditionalParameters());
            values.add(bound.hasAdditionalParameter(property) ? bound.getAdditionalParameter(property)
                    : meta.getValue(property));
        }
        return values;
    }
}
