/** The end-to-end benchmark of issue 11: {@link io.pigeonim.bench.E2eBench} runs the scenarios, the baselines and the report. */
package io.pigeonim.bench;
