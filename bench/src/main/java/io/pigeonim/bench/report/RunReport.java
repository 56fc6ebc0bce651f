package io.pigeonim.bench.report;

import java.util.List;
import java.util.Map;

import io.pigeonim.bench.baseline.BaselineResult;
import io.pigeonim.bench.check.CheckResult;
import io.pigeonim.bench.load.StepResult;

/**
 * Everything one run measured, as written to {@code result.json}.
 *
 * @param options the options in force (the MySQL password left out)
 * @param machine cores, load average before and after, JVM
 * @param saturation the search's answer: highest rate that kept up, why it stopped
 * @param deliveredPerSecond first arrivals at receivers in each second since the run started
 */
public record RunReport(String runId, String startedAt, Map<String, Object> options, Map<String, Object> machine,
        List<String> stackProcesses, List<StepResult> steps, Map<String, Object> saturation,
        List<BaselineResult> baselines, CheckResult check, Map<String, Long> errors, Map<String, Long> counters,
        double[] deliveredPerSecond) {
}
