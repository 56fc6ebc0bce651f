/** The run's results: one JSON document, a Markdown summary and PNG plots under bench/results/&lt;timestamp&gt;/. */
package io.pigeonim.bench.report;
