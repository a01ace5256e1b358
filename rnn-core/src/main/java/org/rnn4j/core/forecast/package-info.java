/**
 * Forecasting with recurrent networks: {@link org.rnn4j.core.forecast.Series} (values and
 * covariates), {@link org.rnn4j.core.forecast.Windows} (sliding windows as training sets),
 * {@link org.rnn4j.core.forecast.Scaler} (standard, min-max; fitted on the training range only),
 * {@link org.rnn4j.core.forecast.Forecaster} (recursive forecasts through a
 * {@link org.rnn4j.core.Stepper}, direct multi-output forecasts, saved with its scaler),
 * {@link org.rnn4j.core.forecast.Backtest} (walk-forward), {@link org.rnn4j.core.forecast.Metrics}
 * (MAE, RMSE, sMAPE, MASE) and {@link org.rnn4j.core.forecast.Baselines} (naive, seasonal naive).
 *
 * <pre>
 * Series s = Series.of(values);
 * int trainEnd = 120;
 * Scaler scaler = Scaler.standard().fit(s, trainEnd);          // training range only
 * Windows w = Windows.recursive(24);
 * Rnn rnn = Rnn.builder().cell(CellType.LSTM).inputSize(1).hiddenSize(32).outputSize(1).build();
 * Forecaster f = Forecaster.of(rnn, w, scaler);
 * Trainer.builder(rnn, Optimizer.adam(1e-2)).epochs(50).build().fit(f.trainingSet(List.of(s.slice(0, trainEnd))));
 * Backtest.Result r = Backtest.of(s, trainEnd, 12).season(12).run(f::forecast);
 * </pre>
 *
 * Limits: one target per series (covariates are inputs, not forecast); covariates of the forecast
 * range must be known in advance for recursive forecasts; a backtest does not refit between origins;
 * forecasts are point forecasts (no intervals).
 */
package org.rnn4j.core.forecast;
