package io.pigeonim.message.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureClassTest {

    @Test
    void aDependencyThatIsAwayIsTransientWhereverItHidesInTheCauses() {
        assertThat(FailureClass.of(new CannotCreateTransactionException("no connection",
                new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timed out")))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new RedisConnectionFailureException("redis"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new QueryTimeoutException("redis command timed out")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new KafkaException("topic did not take 1 records",
                new ExecutionException(new NotEnoughReplicasException("isr"))))).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void aMysqlThatCannotWriteNowIsTransient() {
        assertThat(FailureClass.of(new UncategorizedSQLException("insert", "INSERT …",
                new SQLException("The MySQL server is running with the --read-only option", "HY000", 1290))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new UncategorizedSQLException("insert", "INSERT …",
                new SQLException("Communications link failure", "08S01", 0)))).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void whatComesBackTheSameWayIsDeterministic() {
        assertThat(FailureClass.of(new UncategorizedSQLException("insert", "INSERT …",
                new SQLException("injected fault", "45000", 1644)))).isEqualTo(FailureClass.DETERMINISTIC);
        assertThat(FailureClass.of(new DataIntegrityViolationException("Data too long for column 'content'")))
                .isEqualTo(FailureClass.DETERMINISTIC);
        assertThat(FailureClass.of(new DuplicateKeyException("raced three times"))).isEqualTo(FailureClass.DETERMINISTIC);
        assertThat(FailureClass.of(new NullPointerException("a bug"))).isEqualTo(FailureClass.DETERMINISTIC);
    }
}
