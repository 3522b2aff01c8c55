/** How the SLA planner forecasts the next interval's load (`load_predictor`). */
export class LoadPredictor {
  /** ARIMA time-series model; the planner's default. */
  public static readonly ARIMA = new LoadPredictor('arima');
  /** Prophet, for load with daily or weekly seasonality. */
  public static readonly PROPHET = new LoadPredictor('prophet');
  /** A Kalman filter, for noisy load that changes level. */
  public static readonly KALMAN = new LoadPredictor('kalman');

  private constructor(
    /** The `load_predictor` value. */
    public readonly name: string,
  ) {}

  /** The `load_predictor` value, e.g. `arima`. */
  public toString(): string {
    return this.name;
  }
}
