package dev.adjoint.samples.logistic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Feature rows and 0/1 labels. */
record Dataset(double[][] x, double[] y) {

  /** The breast cancer data shipped with the samples (see {@code data/README.md}): 0 = malignant, 1 = benign. */
  static Dataset breastCancer() {
    return fromClasspath("/data/breast_cancer.csv");
  }

  /** Reads scikit-learn's layout: a header "rows,features,names...", then features and the label per line. */
  static Dataset fromClasspath(String resource) {
    try (InputStream in = Dataset.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = line(reader, resource, 0).split(",");
      int rows = Integer.parseInt(header[0].trim());
      int features = Integer.parseInt(header[1].trim());
      double[][] x = new double[rows][features];
      double[] y = new double[rows];
      for (int i = 0; i < rows; i++) {
        String[] cells = line(reader, resource, i + 1).split(",");
        if (cells.length != features + 1) {
          throw new IllegalArgumentException(resource + " line " + (i + 2) + " has " + cells.length
              + " cells, expected " + features + " features and a label");
        }
        for (int j = 0; j < features; j++) {
          x[i][j] = Double.parseDouble(cells[j]);
        }
        y[i] = Double.parseDouble(cells[features]);
      }
      return new Dataset(x, y);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  private static String line(BufferedReader reader, String resource, int index) throws IOException {
    String line = reader.readLine();
    if (line == null) {
      throw new IllegalArgumentException(resource + " ends before line " + (index + 1)
          + "; its header announces more rows");
    }
    return line;
  }

  int size() {
    return y.length;
  }

  /** A shuffled split, reproducible from {@code seed}: the first {@code testFraction} of rows tests. */
  Split split(double testFraction, long seed) {
    int[] order = new int[size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int testSize = (int) Math.round(testFraction * size());
    return new Split(rows(order, testSize, size()), rows(order, 0, testSize));
  }

  private Dataset rows(int[] order, int from, int to) {
    double[][] rowsX = new double[to - from][];
    double[] rowsY = new double[to - from];
    for (int i = from; i < to; i++) {
      rowsX[i - from] = x[order[i]].clone();
      rowsY[i - from] = y[order[i]];
    }
    return new Dataset(rowsX, rowsY);
  }

  record Split(Dataset train, Dataset test) {}
}
