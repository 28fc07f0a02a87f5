package how.mana.ai.bench;

/** Everything measured on one workload size (plain values, so it serialises to JSON as is). */
record SizeResult(int users, long missions, long missionRows, long otherRows, double insertSeconds,
                  double indexSeconds, boolean missionRowIndex, ProbeResult service, int llmRequests,
                  int llmMaxInFlight) {
}
