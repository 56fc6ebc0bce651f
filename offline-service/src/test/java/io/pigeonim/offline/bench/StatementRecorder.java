package io.pigeonim.offline.bench;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;

/** Counts and times every SQL statement the service runs (execution and row mapping), and keeps its text for replay. */
@Intercepts(@Signature(type = StatementHandler.class, method = "query", args = {Statement.class, ResultHandler.class}))
public final class StatementRecorder implements Interceptor {

    final AtomicBoolean recording = new AtomicBoolean();
    final AtomicLong nanos = new AtomicLong();
    final List<String> statements = new ArrayList<>();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        if (!recording.get()) {
            return invocation.proceed();
        }
        long start = System.nanoTime();
        try {
            return invocation.proceed();
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
            Statement statement = (Statement) invocation.getArgs()[0];
            // Connector/J's client-side prepared statement prints its SQL with the parameters inlined
            String text = statement.unwrap(PreparedStatement.class).toString();
            synchronized (statements) {
                statements.add(text.substring(text.indexOf(':') + 1).trim());
            }
        }
    }
}
