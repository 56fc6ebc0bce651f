package io.pigeonim.message.store;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ibatis.builder.SqlSourceBuilder;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.scripting.xmltags.DynamicContext;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.scripting.xmltags.MixedSqlNode;
import org.apache.ibatis.scripting.xmltags.SqlNode;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.scripting.xmltags.XMLScriptBuilder;
import org.apache.ibatis.session.Configuration;

/**
 * MyBatis's XML language driver, except that a dynamic statement's expanded SQL is parsed for its {@code #{}}
 * parameters once per distinct text instead of on every call. The mappers' multi-row statements ({@code <foreach>}
 * inserts, upserts and {@code IN} lists) expand to the same text for the same number of rows, so the store and the
 * ack flusher parse each shape once. Set as {@code mybatis.default-scripting-language-driver}.
 *
 * @implNote Profiled at 1,000 msg/s, {@link DynamicSqlSource#getBoundSql} took 8.5 % of message-service's CPU
 *     and about half of it was that parse (docs/performance.md, issue 11 fifth round). The expansion itself still
 *     runs on every call: it binds each row's values. A parse result depends on the SQL text, the parameter's class
 *     and the classes of the values the expansion bound (MyBatis infers each parameter's Java type from them), so
 *     all three are the cache key. Only statements of at most {@link #MAX_CACHED_PARAMETERS} parameters are kept,
 *     {@link #MAX_SHAPES} shapes per statement: a large batch pays the parse once for hundreds of rows anyway,
 *     while a cached 500-row insert would hold half a megabyte of parameter mappings.
 */
public class CachingXmlLanguageDriver extends XMLLanguageDriver {

    static final int MAX_CACHED_PARAMETERS = 256;
    static final int MAX_SHAPES = 64;

    @Override
    public SqlSource createSqlSource(Configuration configuration, XNode script, Class<?> parameterType) {
        ScriptTree tree = new ScriptTree(configuration, script, parameterType);
        SqlSource source = tree.parseScriptNode();
        return source instanceof DynamicSqlSource ? new ParsedOnceSqlSource(configuration, tree.root) : source;
    }

    /** MyBatis's script builder, keeping the tree of tags that {@link DynamicSqlSource} keeps to itself. */
    private static final class ScriptTree extends XMLScriptBuilder {
        private final XNode script;
        private MixedSqlNode root;

        ScriptTree(Configuration configuration, XNode script, Class<?> parameterType) {
            super(configuration, script, parameterType);
            this.script = script;
        }

        @Override
        protected MixedSqlNode parseDynamicTags(XNode node) {
            MixedSqlNode tags = super.parseDynamicTags(node);
            if (node == script) {
                root = tags;
            }
            return tags;
        }
    }

    /** What a parse depends on: the expanded text, the parameter's class, the bound values' classes. */
    private record Shape(String sql, Class<?> parameterType, Class<?>[] bound) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Shape s && sql.equals(s.sql) && parameterType == s.parameterType
                    && Arrays.equals(bound, s.bound);
        }

        @Override
        public int hashCode() {
            return 31 * sql.hashCode() + Arrays.hashCode(bound);
        }
    }

    /** {@link DynamicSqlSource}'s work, with the parse of each shape kept. */
    static final class ParsedOnceSqlSource implements SqlSource {
        private final Configuration configuration;
        private final SqlNode root;
        private final Map<Shape, SqlSource> parsed = new ConcurrentHashMap<>();

        ParsedOnceSqlSource(Configuration configuration, SqlNode root) {
            this.configuration = configuration;
            this.root = root;
        }

        @Override
        public BoundSql getBoundSql(Object parameterObject) {
            DynamicContext context = new DynamicContext(configuration, parameterObject);
            root.apply(context);
            Class<?> parameterType = parameterObject == null ? Object.class : parameterObject.getClass();
            Map<String, Object> bindings = context.getBindings();
            Shape shape = new Shape(context.getSql(), parameterType, classes(bindings));
            SqlSource source = parsed.get(shape);
            if (source == null) {
                source = new SqlSourceBuilder(configuration).parse(shape.sql(), parameterType, bindings);
                BoundSql probe = source.getBoundSql(parameterObject);
                if (probe.getParameterMappings().size() <= MAX_CACHED_PARAMETERS && parsed.size() < MAX_SHAPES) {
                    parsed.putIfAbsent(shape, source);
                }
            }
            BoundSql bound = source.getBoundSql(parameterObject);
            bindings.forEach(bound::setAdditionalParameter);
            return bound;
        }

        int shapes() {
            return parsed.size();
        }

        private static Class<?>[] classes(Map<String, Object> bindings) {
            Class<?>[] classes = new Class<?>[bindings.size()];
            int i = 0;
            for (Object value : bindings.values()) {
                classes[i++] = value == null ? null : value.getClass();
            }
            return classes;
        }
    }
}
