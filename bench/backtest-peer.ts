/**
 * The peer, backtest-kit 19.5.0, cannot be installed from the npm registry this project builds
 * from: it depends on di-kit ^1.1.1, di-scoped ^1.0.21 and functools-kit ^5.0.0, whose newest
 * versions there are 1.0.18, 1.0.20 and 1.0.95, and on di-singleton, which is not there at all. Its
 * design would allow the run (an exchange schema's async getCandles can serve bars from memory,
 * offline; sma-cross would be a getSignal opening a long on the cross up and a commitClosePending
 * on the cross down), so the bench says what stops it rather than leaving the line out.
 */
export const BACKTEST_KIT_NOT_RUN =
  'backtest-kit 19.5.0 does not install from the npm registry reachable here: it needs di-kit ^1.1.1, di-scoped ^1.0.21, functools-kit ^5.0.0 and di-singleton, ' +
  'and the registry has di-kit 1.0.18, di-scoped 1.0.20, functools-kit 1.0.95 and no di-singleton';
