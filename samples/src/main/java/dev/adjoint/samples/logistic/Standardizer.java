package dev.adjoint.samples.logistic;

/** Per-feature z-scores with the mean and standard deviation of the data it was fitted on. */
record Standardizer(double[] mean, double[] std) {

  static Standardizer fit(double[][] x) {
    int features = x[0].length;
    double[] mean = new double[features];
    double[] std = new double[features];
    for (double[] row : x) {
      for (int j = 0; j < features; j++) {
        mean[j] += row[j] / x.length;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < features; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
      }
    }
    for (int j = 0; j < features; j++) {
      // A constant feature carries no information; leave it centred at 0 instead of dividing by 0.
      std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
    }
    return new Standardizer(mean, std);
  }

  Dataset apply(Dataset data) {
    double[][] z = new double[data.size()][];
    for (int i = 0; i < z.length; i++) {
      double[] row = data.x()[i];
      z[i] = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        z[i][j] = (row[j] - mean[j]) / std[j];
      }
    }
    return new Dataset(z, data.y().clone());
  }
}
