package dev.adjoint.samples.logistic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a training-loss curve to a PNG with XChart. */
final class LossCurve {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;

  private LossCurve() {}

  static void writePng(double[] losses, String title, Path file) throws IOException {
    // XChart draws with AWT; headless so that it works on servers and CI without a display.
    System.setProperty("java.awt.headless", "true");
    double[] epochs = new double[losses.length];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = i;
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle("epoch").yAxisTitle("training loss").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("loss", epochs, losses).setMarker(SeriesMarkers.NONE);
    write(chart, file);
  }

  /** Both methods' losses against the step, on a logarithmic loss axis. */
  static void writeComparisonPng(double[] gradientDescent, double[] newton, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle("step (epoch)").yAxisTitle("training loss (log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.addSeries("gradient descent", steps(gradientDescent.length), gradientDescent).setMarker(SeriesMarkers.NONE);
    chart.addSeries("Newton's method (generated Hessian)", steps(newton.length), newton)
        .setMarker(SeriesMarkers.CIRCLE);
    write(chart, file);
  }

  private static double[] steps(int n) {
    double[] steps = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i;
    }
    return steps;
  }

  private static void write(XYChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("no PNG writer in this Java runtime for " + file);
    }
  }
}
