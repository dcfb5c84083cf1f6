package dev.adjoint.samples.mlp;

import dev.adjoint.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the classifier's decision regions with XChart: a grid of small points coloured by the
 * predicted class, with the data points on top.
 */
final class DecisionBoundary {
  static final int WIDTH = 800;
  static final int HEIGHT = 600;
  static final int GRID = 80;
  static final double X_MIN = -1.6;
  static final double X_MAX = 2.6;
  static final double Y_MIN = -1.1;
  static final double Y_MAX = 1.6;

  private DecisionBoundary() {}

  static void writePng(MlpModel model, TwoMoons data, Path file) throws IOException {
    // XChart draws with AWT; headless so that it works on servers and CI without a display.
    System.setProperty("java.awt.headless", "true");
    double[] grid = new double[2 * GRID * GRID];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        int row = i * GRID + j;
        grid[2 * row] = X_MIN + (X_MAX - X_MIN) * j / (GRID - 1);
        grid[2 * row + 1] = Y_MIN + (Y_MAX - Y_MIN) * i / (GRID - 1);
      }
    }
    double[] gridLogits = model.logits(Tensor.of(grid, GRID * GRID, 2)).toArray();

    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("MLP 2-16-16-1 on two moons: decision regions").xAxisTitle("x1").yAxisTitle("x2")
        .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setXAxisMin(X_MIN).setXAxisMax(X_MAX).setYAxisMin(Y_MIN).setYAxisMax(Y_MAX);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(false);
    // XChart has one marker size for all series: small enough that the grid reads as a shaded area
    chart.getStyler().setMarkerSize(6);

    addPoints(chart, "predicted 0", grid, gridLogits, false, new Color(0xC6, 0xDB, 0xEF));
    addPoints(chart, "predicted 1", grid, gridLogits, true, new Color(0xFD, 0xD0, 0xA2));
    double[] points = data.x().toArray();
    double[] labels = data.y().toArray();
    double[] centred = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      centred[i] = labels[i] - 0.5; // >= 0 exactly for label 1
    }
    addPoints(chart, "label 0", points, centred, false, new Color(0x21, 0x66, 0xAC));
    addPoints(chart, "label 1", points, centred, true, new Color(0xD9, 0x5F, 0x02));

    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("no PNG writer in this Java runtime for " + file);
    }
  }

  /** Adds the points (x, y pairs in {@code xy}) whose score is >= 0 ({@code positive}) or < 0. */
  private static void addPoints(XYChart chart, String name, double[] xy, double[] score,
      boolean positive, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < score.length; i++) {
      if ((score[i] >= 0) == positive) {
        xs.add(xy[2 * i]);
        ys.add(xy[2 * i + 1]);
      }
    }
    if (xs.isEmpty()) {
      return; // XChart refuses empty series
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
    series.setSmooth(false);
  }
}
