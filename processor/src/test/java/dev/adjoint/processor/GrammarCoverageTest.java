package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.GradientCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grammar coverage: every statement, declarator and expression form of the JLS that can stand in
 * a method body, and names that stress the hygiene of generated code, each in a
 * {@code @Differentiable static double f(...)} of its own class {@code g.<form>.G}.
 *
 * <p>Each form is compiled on two paths: the static path (default options) and the tape path
 * ({@code -Aadjoint.fallback=always}). Its expected outcome on each path is written in the table:
 * {@link Outcome#STATIC} (generated code), {@link Outcome#TAPE} (the dynamic tape, with its NOTE,
 * on the construct's line where the form marks one with {@code //!}) — both then compile without
 * errors or warnings in the companion and pass {@link GradientCheck} (reverse vs forward
 * dot-product vs central finite differences) at every point of the row — or {@link Outcome#ERROR}
 * with a fragment of the message, on the line marked {@code //!}, never inside the generated
 * companion and never an internal error.
 *
 * <p>The expectations are what a demanding user expects, not what the processor does today:
 * STATIC for plain structured code over doubles that the processor can read (same-class helpers,
 * lambdas applied in place and records included); TAPE where the contract sends a construct to
 * the tape ({@code try}, recursion); ERROR where no derivative can exist or the contract says so
 * (field writes, methods of other classes without derivative, mutation of an active array by a
 * library method, streams and objects of local or anonymous classes over active values). A
 * warning of the processor fails a form that loses no derivative (forms that cut one on purpose
 * suppress it). On the tape path a form the tape cannot run keeps its static code (STATIC), and
 * that is expected only where the contract says the tape cannot run it. Where the processor does
 * worse today, the case is listed in {@link #KNOWN_GAPS} and skipped with the reason; a listed
 * case that passes fails, so the list only shrinks.
 *
 * <p>The forms of a path are compiled together, each in its own package, in three groups (known
 * gaps, expected errors, the rest); a form rejected with an error (expected or not, in its source
 * or in its companion) is left out of its group's next compilation, until the rest compiles.
 * Errors on no line, a crash of a whole processing round, are narrowed down to their form by
 * compiling halves.
 */
class GrammarCoverageTest {
  enum Outcome { STATIC, TAPE, ERROR }

  /** The two ways of compiling every form. */
  enum Path {
    STATIC_PATH("static", List.of()),
    TAPE_PATH("tape", List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"));

    final String key;
    final List<String> options;

    Path(String key, List<String> options) {
      this.key = key;
      this.options = options;
    }

    @Override
    public String toString() { return key; }
  }

  /**
   * Cases ({@code form/path}) where the processor does worse today than {@link #FORMS} expects, with
   * what happens now. Remove an entry once the case passes (the test fails until then).
   */
  static final Map<String, String> KNOWN_GAPS = new LinkedHashMap<>();
  private static final Path S = Path.STATIC_PATH;
  private static final Path T = Path.TAPE_PATH;

  static {
    // none today: every form passes on both paths. A form that regresses on purpose gets a line here,
    // gap("form", S or T, "what happens now"), and the test skips it with that reason.
  }

  // ---------------------------------------------------------------------------------------------
  // The table
  // ---------------------------------------------------------------------------------------------

  static final List<Form> FORMS = List.of(
      // ---- local variable declarations and declarators ----
      form("declMultiple", """
          @Differentiable static double f(double x, double y) {
            int a = 2, b;
            b = a + 1;
            double s, t = x * y;
            s = t + b * x;
            return s * a;
          }
          """).xy(),
      form("declFromArrayElements", """
          @Differentiable static double f(double[] y) {
            double v = y[0], w = y[1];
            return v * w + Math.sin(v);
          }
          """).array(),
      form("declCStyleArray", """
          @Differentiable static double f(double x, double y) {
            double a[] = new double[2];
            a[0] = x * y;
            a[1] = a[0] + x;
            return a[0] * a[1];
          }
          """).xy(),
      form("declCStyleMatrix", """
          @Differentiable static double f(double x, double y) {
            double m[][] = new double[2][2];
            m[0][1] = x;
            m[1][0] = y * x;
            return m[0][1] * m[1][0] + m[1][1];
          }
          """).xy(),
      form("declCStyleParameter", """
          @Differentiable static double f(double a[], double x) {
            return a[0] * x + a[1] * a[1];
          }
          """).at(arr(0.3, -1.2), 0.7).at(arr(1.1, 0.4), -0.4),
      form("declVar", """
          @Differentiable static double f(double x, double y) {
            var s = x * y;
            var n = 3;
            var arr = new double[] {x, y};
            var list = List.of(1, 2);
            for (var i = 0; i < 2; i++) {
              s += arr[i] * n;
            }
            return s + list.size() * x;
          }
          """).xy(),
      form("declFinal", """
          @Differentiable static double f(double x, double y) {
            final double s = x * x;
            final int k = 2;
            final double[] a = {x, y};
            final double t;
            t = s * a[1];
            return s * k + t;
          }
          """).xy(),
      form("declArrayInitializers", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y, x * y};
            double[][] m = {{x}, {y, x}};
            int[] idx = {2, 0};
            return a[idx[0]] + m[1][1] * m[0][0] + a[idx[1]];
          }
          """).xy(),
      form("declDefiniteAssignment", """
          @Differentiable static double f(double x, double y) {
            double s;
            if (x > 0) {
              s = x * y;
            } else {
              s = y;
            }
            return s * s;
          }
          """).xy(),
      form("declDoubleLoopVariables", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (double t = x, u = y; t < 3; t += 1) {
              s += t * u;
            }
            return s;
          }
          """).xy(),

      // ---- if, loops, labels, blocks ----
      form("ifElseChain", """
          @Differentiable static double f(double x, double y) {
            double r;
            if (x > 0) r = x * y;
            else if (y > 1) r = x + y;
            else r = -x * x;
            return r;
          }
          """).xy().at(-0.4, 0.5),
      form("ifDanglingElse", """
          @Differentiable static double f(double x, double y) {
            double r = y;
            if (x > 0)
              if (y > 1) r = x * y;
              else r = x;
            return r;
          }
          """).xy().at(0.7, 0.5),
      form("forLoop", """
          @Differentiable static double f(double x, double y) {
            double s = 1;
            for (int i = 0; i < 4; i++) s = s * x + y;
            return s;
          }
          """).xy(),
      form("forSeveralVariables", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0, j = 3; i < j; i++, j--) s += x * j + y * i * s;
            return s;
          }
          """).xy(),
      form("forWithoutParts", """
          @Differentiable static double f(double x, double y) {
            int i = 0;
            double s = y;
            for (;;) {
              if (i >= 3) break;
              s = s * x + y;
              i++;
            }
            return s;
          }
          """).xy(),
      form("forConditionOnly", """
          @Differentiable static double f(double x, double y) {
            int i = 0;
            double s = y;
            for (; i < 3;) {
              s = s * x + i;
              i++;
            }
            return s;
          }
          """).xy(),
      form("forStepDown", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 5; i > 0; i -= 2) s += Math.pow(x, i) * y;
            return s;
          }
          """).xy(),
      form("whileLoop", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            int k = 0;
            while (k < 3 && s < 100) {
              s = s * y + x;
              k++;
            }
            return s;
          }
          """).xy(),
      form("whileConditionWrites", """
          @Differentiable static double f(double x, double y) {
            int k = 0;
            double s = y;
            while (k++ < 3) s = s * x + y; //!
            return s;
          }
          """).xy(),
      form("doWhile", """
          @Differentiable static double f(double x, double y) {
            int k = 0;
            double s = y;
            do {
              s = s * x + 1;
              k++;
            } while (k < 3);
            return s;
          }
          """).xy(),
      form("doWhileConditionWrites", """
          @Differentiable static double f(double x, double y) {
            int k = 0;
            double s = y;
            do {
              s = s * x + 1;
            } while (++k < 3); //!
            return s;
          }
          """).xy(),
      form("breakAndContinue", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0; i < 10; i++) {
              if (i % 2 == 0) continue;
              if (i > 6) break;
              s += x * i + y * s;
            }
            return s;
          }
          """).xy(),
      form("labeledBreakContinue", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            outer:
            for (int i = 0; i < 4; i++) {
              for (int j = 0; j < 4; j++) {
                if (j > i) continue outer;
                if (i + j > 4) break outer;
                s += x * i + y * j * s;
              }
            }
            return s;
          }
          """).xy(),
      form("labeledWhileDo", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            int i = 0;
            loop:
            while (i < 3) {
              i++;
              int j = 0;
              do {
                j++;
                if (j == 2) continue loop;
                s = s * x + y;
              } while (j < 4);
            }
            return s;
          }
          """).xy(),
      form("labeledBlock", """
          @Differentiable static double f(double x, double y) {
            double s;
            block: { //!
              if (x > 0) {
                s = x * y;
                break block;
              }
              s = -x;
            }
            return s;
          }
          """).xy(),
      form("labeledExpressionStatement", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            exit: s *= y; //!
            return s;
          }
          """).xy(),
      form("nestedBlocksSiblingNames", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            {
              double t = x * y;
              s += t;
            }
            {
              double t = x + y;
              s *= t;
            }
            for (int i = 0; i < 2; i++) {
              double t = s * x;
              s = t;
            }
            for (int i = 0; i < 2; i++) {
              double t = s + y;
              s = t * y;
            }
            return s;
          }
          """).xy(),
      form("returnInsideLoop", """
          @Differentiable static double f(double x, double y) {
            double s = y;
            for (int i = 0; ; i++) {
              s = s * x + 1;
              if (i == 2) return s;
            }
          }
          """).xy(),
      form("returnInBranches", """
          @Differentiable static double f(double x, double y) {
            if (x > 1) return x * y;
            if (y > 2) {
              return y * x;
            }
            return x + y;
          }
          """).xy().at(1.5, 0.3),
      form("emptyStatements", """
          @Differentiable static double f(double x, double y) {
            ;
            double s = x;;
            if (x > 0) ; else s = y;
            for (int i = 0; i < 2; i++) ;
            return s * y;
          }
          """).xy(),

      // ---- switch statements and expressions ----
      form("switchOldFallthrough", """
          @Differentiable static double f(double x, double y, int k) {
            double s = x;
            switch (k) {
              case 0:
                s *= y;
              case 1:
                s += x;
                break;
              case 2: {
                s = s * s;
                break;
              }
              default:
                s -= y;
            }
            return s;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2).at(0.5, 0.2, 7),
      form("switchArrowStatement", """
          @Differentiable static double f(double x, double y, int k) {
            double s = x;
            switch (k) {
              case 0 -> s *= y;
              case 1, 2 -> {
                s += x * y;
              }
              default -> s = -s;
            }
            return s;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 2).at(-0.4, 2.1, 5),
      form("switchDefaultFirst", """
          @Differentiable static double f(double x, double y, int k) {
            double s = y;
            switch (k) {
              default:
                s += y;
                break;
              case 1:
                s *= x;
            }
            return s * x;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1),
      form("switchChar", """
          @Differentiable static double f(double x, double y, char c) {
            double s = 0;
            switch (c) {
              case 'a':
                s = x * y;
                break;
              case 'b':
                s = x + y;
                break;
              default:
                s = x;
            }
            return s;
          }
          """).at(0.7, 1.3, 'a').at(0.7, 1.3, 'b').at(-0.4, 2.1, 'z'),
      form("switchString", """
          @Differentiable static double f(double x, double y, String op) {
            double r;
            switch (op) {
              case "mul":
                r = x * y;
                break;
              case "add":
                r = x + y;
                break;
              default:
                r = x;
            }
            return r;
          }
          """).at(0.7, 1.3, "mul").at(0.7, 1.3, "add").at(-0.4, 2.1, "other"),
      form("switchEnum", """
          enum Op { ADD, MUL, NEG }

          @Differentiable static double f(double x, double y, int k) {
            Op op = Op.values()[k];
            double r = 0;
            switch (op) {
              case ADD:
                r = x + y;
                break;
              case MUL:
                r = x * y;
                break;
              case NEG:
                r = -x;
                break;
            }
            return r;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2),
      form("switchEnumArrow", """
          enum Op { ADD, MUL, NEG }

          @Differentiable static double f(double x, double y, int k) {
            Op op = Op.values()[k];
            double r = y;
            switch (op) {
              case ADD -> r += x;
              case MUL -> r *= x;
              default -> r = -x;
            }
            return r;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2),
      form("switchExpressionArrowYield", """
          @Differentiable static double f(double x, double y, int k) {
            double r = switch (k) {
              case 0 -> x * y;
              case 1 -> {
                double t = x + y;
                yield t * t;
              }
              default -> y;
            };
            return r * x;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2),
      form("switchExpressionColonYield", """
          @Differentiable static double f(double x, double y, int k) {
            double r = switch (k) {
              case 0:
                yield x;
              case 1:
              case 2: {
                double t = x * y;
                yield t;
              }
              default:
                yield y * y;
            };
            return r * x;
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 2).at(-0.4, 2.1, 3),
      form("switchExpressionString", """
          @Differentiable static double f(double x, double y, String key) {
            return switch (key) {
              case "a" -> x * x;
              case "b", "c" -> y * x;
              default -> x + y;
            };
          }
          """).at(0.7, 1.3, "a").at(0.7, 1.3, "c").at(-0.4, 2.1, "z"),
      form("switchExpressionEnum", """
          enum Op { ADD, MUL, NEG }

          @Differentiable static double f(double x, double y, int k) {
            Op op = Op.values()[k];
            return switch (op) {
              case ADD -> x + y;
              case MUL -> x * y;
              case NEG -> -x;
            };
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2),
      form("switchExpressionChar", """
          @Differentiable static double f(double x, double y, char c) {
            double r = switch (c) {
              case 'a', 'e' -> x;
              default -> {
                if (y > 1) yield x * y;
                yield y;
              }
            };
            return r + x;
          }
          """).at(0.7, 1.3, 'a').at(0.7, 1.3, 'q').at(0.7, 0.5, 'q'),
      form("switchExpressionInExpression", """
          @Differentiable static double f(double x, double y, int k) {
            return x * switch (k) {
              case 0 -> y;
              default -> x;
            } + y;
          }
          """).at(0.7, 1.3, 0).at(-0.4, 2.1, 1),
      form("switchReturns", """
          @Differentiable static double f(double x, double y, int k) {
            switch (k) {
              case 0:
                return x * y;
              case 1: {
                return x;
              }
              default:
                return y * y;
            }
          }
          """).at(0.7, 1.3, 0).at(0.7, 1.3, 1).at(-0.4, 2.1, 2),
      form("switchInsideLoop", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0; i < 5; i++) {
              switch (i % 3) {
                case 0:
                  s += x;
                  break;
                case 1:
                  s *= y;
                  continue;
                default:
                  s -= x * y;
              }
              s += 0.1 * s;
            }
            return s;
          }
          """).xy(),

      // ---- for-each ----
      form("forEachArray", """
          @Differentiable static double f(double[] a) {
            double s = 0;
            for (double v : a) s = s * 0.5 + v * v;
            return s;
          }
          """).array(),
      form("forEachIntArray", """
          @Differentiable static double f(double[] a, int[] idx) {
            double s = 0;
            for (int i : idx) s += a[i] * a[i] * s + a[i];
            return s;
          }
          """).at(arr(0.3, -1.2, 0.8), new int[] {2, 0, 2}).at(arr(1.1, 0.4, -0.6), new int[] {1}),
      form("forEachLocalArray", """
          @Differentiable static double f(double x, double y) {
            double[] t = {x, y, x * y};
            double s = 0;
            for (double v : t) s += Math.sin(v) * s + v;
            return s;
          }
          """).xy(),
      form("forEachListOfDoubles", """
          @Differentiable static double f(double x, List<Double> c) {
            double s = 0;
            for (double v : c) s = s * x + v;
            return s;
          }
          """).at(0.7, List.of(1.0, -2.0, 0.5)).at(-0.4, List.of(3.0, 0.25)),
      form("forEachListOfStrings", """
          @Differentiable static double f(double x, List<String> words) {
            double s = 1;
            for (String w : words) s = s * x + w.length();
            return s;
          }
          """).at(0.7, List.of("ab", "c")).at(-0.4, List.of("abc")),
      form("forEachMatrixRows", """
          @Differentiable static double f(double[][] m) {
            double s = 0;
            for (double[] row : m) //!
              for (double v : row) s += v * v * s + v;
            return s;
          }
          """).at((Object) mat(arr(0.3, -1.2), arr(0.8))).at((Object) mat(arr(1.1, 0.4), arr(-0.6, 0.2))),
      form("forEachWithBreak", """
          @Differentiable static double f(double[] a) {
            double s = 0;
            for (var v : a) {
              if (v > 1) break;
              s += v * v;
            }
            return s;
          }
          """).array(),
      form("forEachFinalNested", """
          @Differentiable static double f(double[] a) {
            double s = 0;
            for (final double u : a)
              for (final double v : a) s += u * v;
            return s;
          }
          """).array(),

      // ---- try, throw, assert, synchronized, local types ----
      form("tryCatch", """
          @Differentiable static double f(double x, double y) {
            double r;
            try { //!
              r = x * y;
              if (x > 10) throw new IllegalStateException("big");
            } catch (IllegalStateException e) {
              r = x;
            }
            return r;
          }
          """).xy().expect(Outcome.TAPE, Outcome.TAPE),
      form("tryFinally", """
          @Differentiable static double f(double x, double y) {
            double r = x;
            try { //!
              r *= y;
            } finally {
              r += x * x;
            }
            return r;
          }
          """).xy().expect(Outcome.TAPE, Outcome.TAPE),
      form("tryMultiCatch", """
          @Differentiable static double f(double x, double y, int k) {
            double r = y;
            try { //!
              int q = 6 / k;
              r = x * q + y;
            } catch (IllegalArgumentException | ArithmeticException e) {
              r = x * x;
            }
            return r;
          }
          """).at(0.7, 1.3, 2).at(-0.4, 2.1, 0).expect(Outcome.TAPE, Outcome.TAPE),
      form("tryWithResources", """
          static final class Res implements AutoCloseable {
            int uses() { return 2; }
            @Override public void close() {}
          }

          @Differentiable static double f(double x, double y) {
            double s = 0;
            try (Res r = new Res(); var q = new Res()) { //!
              s = x * y * r.uses() + q.uses();
            }
            return s;
          }
          """).xy().expect(Outcome.TAPE, Outcome.TAPE),
      form("throwStatement", """
          @Differentiable static double f(double x, double y) {
            if (!(x < 100)) {
              throw new IllegalArgumentException("x too large: " + x); //!
            }
            return x * y;
          }
          """).xy(),
      form("assertStatement", """
          @Differentiable static double f(double x, double y) {
            assert x < 100 : "x = " + x; //!
            assert y > -100;
            return x * y;
          }
          """).xy(),
      form("synchronizedBlock", """
          static final Object LOCK = new Object();

          @Differentiable static double f(double x, double y) {
            double s;
            synchronized (LOCK) { //!
              s = x * y;
            }
            synchronized (G.class) {
              s += x;
            }
            return s;
          }
          """).xy(),
      form("localClassPassive", """
          @Differentiable static double f(double x, double y) {
            class Counter { //!
              int n;
              void inc() { n++; }
            }
            Counter c = new Counter();
            c.inc();
            c.inc();
            return x * c.n + y;
          }
          """).xy(),
      form("localRecordPassive", """
          @Differentiable static double f(double x, double y) {
            record P(int a, int b) {} //!
            P p = new P(2, 3);
            return x * p.a() + y * p.b();
          }
          """).xy(),
      form("localEnumAndInterface", """
          @Differentiable static double f(double x, double y, int k) {
            enum Dir { UP, DOWN } //!
            interface Weight { int of(Dir d); }
            Weight w = d -> d == Dir.UP ? 2 : -1;
            Dir d = k > 0 ? Dir.UP : Dir.DOWN;
            return x * w.of(d) + y;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("localRecordActive", """
          @Differentiable static double f(double x, double y) {
            record P(double a, double b) {}
            P p = new P(x * y, y); //!
            return p.a() + p.b() * p.b();
          }
          """).xy(),
      form("memberRecordActive", """
          record Pt(double a, double b) {}

          @Differentiable static double f(double x, double y) {
            Pt p = new Pt(x * y, y); //!
            return p.a() + p.b() * p.a();
          }
          """).xy(),
      form("recordInstanceMethod", """
          record Spring(double k, double rest) {
            @Differentiable double energy(double x) {
              return 0.5 * k() * (x - this.rest) * (x - rest);
            }
          }

          @Differentiable static double f(double x, double y) {
            Spring s = new Spring(x * y, y); //!
            return s.energy(x) + new Spring(y, 0.5).energy(s.k());
          }
          """).xy(),
      form("localClassActive", """
          @Differentiable static double f(double x, double y) {
            class Sq {
              double of(double v) { return v * v; }
            }
            return new Sq().of(x) * y; //!
          }
          """).error("has no known derivative"),
      form("localFinalClassActive", """
          @Differentiable static double f(double x, double y) {
            final class Sq {
              final double k;
              Sq(double k) { this.k = k; }
              double of(double v) { return k * v * v; }
            }
            Sq s = new Sq(3);
            return s.of(x) * y + new Sq(2).of(y);
          }
          """).xy().expect(Outcome.STATIC, Outcome.STATIC), // the tape calls methods of other objects: their values lose the tape
      form("localRecordsNestedInLoop", """
          @Differentiable static double f(double x, double y) {
            record P(double a, double b) {
              double sum() { return a + b; }
            }
            record Q(P p, double w, int n) {}
            enum Mode { ADD, MUL }
            Q q = new Q(new P(x, y), 1, 0);
            for (int i = 0; i < 3; i++) {
              Mode m = i % 2 == 0 ? Mode.ADD : Mode.MUL;
              P next = m == Mode.ADD ? new P(q.p().a() + q.w() * y, q.p().b())
                  : new P(q.p().a() * x, q.p().b() + q.p().a());
              q = new Q(next, q.w() * 0.5, q.n() + 1);
            }
            return q.p().sum() * q.n() + helper(x);
          }

          private static double helper(double t) {
            record P(double v) {}
            P p = new P(t * t);
            return p.v();
          }
          """).xy(),
      form("localRecordCompactConstructor", """
          @Differentiable static double f(double x, double y) {
            record P(double a, double b) {
              P {
                if (b < -100) throw new IllegalArgumentException("b");
                a = a * b;
              }
            }
            return new P(x, y).a() * y;
          }
          """).xy(),
      form("recordFromSwitchExpression", """
          record P(double a, double b) {}

          @Differentiable static double f(double x, double y, int k) {
            P p = switch (k) { //!
              case 0 -> new P(x, y);
              default -> new P(y, x * y);
            };
            return p.a() * p.b();
          }
          """).error("a switch expression whose value is a record"),
      form("localClassCapturesLocal", """
          @Differentiable static double f(double x, double y) {
            int k = 3;
            class Scale {
              int by() { return k; } //!
            }
            return x * new Scale().by() + y;
          }
          """).error("which uses k of the method around it"),
      form("localRecordInMethodOfOtherClass", """
          static final class Cell {
            final double k = 2;

            double shift(double v) {
              record P(double a) {}
              return new P(v * k).a();
            }
          }

          @Differentiable static double f(double x, double y) {
            // statically an ERROR "the local record P in a method of another class"; the tape calls shift
            return new Cell().shift(x) * y; //!
          }
          """).error("the call new Cell().shift(x) has no known derivative"),
      form("localRecordsSameName", """
          @Differentiable static double f(double x, double y) {
            if (x > 0) {
              record P(double v) {}
              return new P(x).v() * y;
            }
            record P(double w) {} //!
            return new P(y).w() * x;
          }
          """).error("give it a name of its own"),
      form("anonymousClassActive", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator op = new DoubleUnaryOperator() {
              @Override public double applyAsDouble(double v) { return v * y; }
            };
            return op.applyAsDouble(x); //!
          }
          """).error("has no known derivative"),

      // ---- expression statements ----
      form("expressionStatementsIncDec", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            s++;
            ++s;
            s--;
            --s;
            s += y;
            s *= x;
            int k = 0;
            k++;
            --k;
            return s + k;
          }
          """).xy(),
      form("expressionStatementDiscardedCall", """
          static double sq(double v) { return v * v; }

          @Differentiable static double f(double x, double y) {
            Math.sin(x); //!
            sq(y);
            return x * y;
          }
          """).xy(),
      form("expressionStatementsPassive", """
          @Differentiable static double f(double x, double y) {
            List<Integer> list = new ArrayList<>();
            list.add(3); //!
            new StringBuilder("unused");
            StringBuilder sb = new StringBuilder();
            sb.append(2).append("ab");
            return x * list.get(0) + y * sb.length();
          }
          """).xy(),

      // ---- operators ----
      form("arithmetic", """
          @Differentiable static double f(double x, double y) {
            return (x + y) * (x - y) / (1 + x * x) + -x + +y - -(x * y);
          }
          """).xy(),
      form("remainderActive", """
          @Differentiable static double f(double x, double y) {
            return x % 0.3 + (x * 10) % y;
          }
          """).xy(),
      form("integerOperators", """
          @Differentiable static double f(double x, double y, int k) {
            int m = (k << 2) ^ 3 | (k >> 1) & 7;
            m += k >>> 1;
            m %= 5;
            m = ~m + m / 2 - -k;
            long big = 1L << k;
            return x * m + y * (big % 7);
          }
          """).at(0.7, 1.3, 3).at(-0.4, 2.1, 6),
      form("booleanOperators", """
          @Differentiable static double f(double x, double y) {
            boolean p = x > 0 & y > 0 | !(x > y) ^ true;
            boolean q = x < 5 && (y < 0 || p);
            double s = q ? x * y : x + y;
            if (!p || !q) s += x;
            return s;
          }
          """).xy().at(0.7, -0.5),
      form("comparisons", """
          @Differentiable static double f(double x, double y, int k) {
            double s = 0;
            if (x < y) s += x;
            if (x <= y) s *= y;
            if (x > -1) s += y * x;
            if (x >= y) s -= x;
            if (k == 2) s += y;
            if (k != 3) s *= x;
            return s;
          }
          """).at(0.7, 1.3, 2).at(1.4, 0.3, 3),
      form("compoundAssignmentsDouble", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            s += y;
            s -= x * 0.5;
            s *= y;
            s /= 1 + x * x;
            s %= 5;
            return s;
          }
          """).xy(),
      form("compoundAssignmentsInt", """
          @Differentiable static double f(double x, double y, int k) {
            int m = k;
            m <<= 2;
            m >>= 1;
            m >>>= 1;
            m &= 15;
            m |= 1;
            m ^= 2;
            m += 3;
            m -= 1;
            m *= 2;
            m /= 3;
            m %= 7;
            long n = k;
            n *= 3;
            return x * m + y * n;
          }
          """).at(0.7, 1.3, 5).at(-0.4, 2.1, 11),
      form("compoundAssignmentsArrayElements", """
          @Differentiable static double f(double[] b, double x) {
            double[] a = {x, b[0]};
            a[0] += b[1];
            a[1] *= a[0];
            a[0] /= 2;
            a[1] -= x;
            b[1] *= x;
            b[0] += a[1];
            return a[0] * a[1] + b[0] * b[1];
          }
          """).at(arr(0.3, -1.2), 0.7).at(arr(1.1, 0.4), -0.4),
      form("compoundAssignmentInExpression", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            double t = (s += y) * (s *= x); //!
            return t + s;
          }
          """).xy(),
      form("compoundAssignmentOfElementInExpression", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y};
            double t = (a[0] += y) * (a[1] *= x); //!
            return t + a[0] * a[1];
          }
          """).xy(),
      form("incrementIntInExpression", """
          @Differentiable static double f(double x, double y) {
            int i = 0;
            double[] a = {x, y, x * y};
            double s = a[i++] * a[i++] + a[--i]; //!
            return s * (i++ + ++i);
          }
          """).xy(),
      form("incrementDoubleInExpression", """
          @Differentiable static double f(double x, double y) {
            double s = x;
            double t = s++ * y + ++s * x - s-- + --s; //!
            return t * s;
          }
          """).xy(),
      form("incrementElementInExpression", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y};
            int[] c = {1, 2};
            double t = a[0]++ * y + ++a[1] * x + c[0]++ * x; //!
            return t * a[0] * a[1] + c[0];
          }
          """).xy(),
      form("assignmentAsExpression", """
          @Differentiable static double f(double x, double y) {
            double s;
            double t;
            t = (s = x * y) + s; //!
            double u = s = t = t * x;
            return u + s * t;
          }
          """).xy(),
      form("sideEffectsInConditions", """
          @Differentiable static double f(double x, double y, int k) {
            int m = 0;
            double s = y;
            if (k > 0 && ++m > 0) s *= x;
            if ((s += x) > 1 || m++ > 5) s += y; //!
            while ((s *= 0.5) > 1) m++;
            return s * m + s;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("indexSideEffectsInCompoundAssignments", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y, x * y};
            int i = 0;
            a[i++] += y; //!
            a[i++] *= x;
            a[++i - 2] -= x;
            return a[0] * a[1] + a[2] * i;
          }
          """).xy(),
      form("conditionalExpressions", """
          @Differentiable static double f(double x, double y, int k) {
            double r = x > 0 ? x * y : y > 1 ? x + y : -x;
            return r + (k > 1 ? x : 2) * (x < y ? y : x);
          }
          """).at(0.7, 1.3, 2).at(-0.4, 2.1, 0).at(-0.4, 0.5, 1),
      form("conditionalMixedTypes", """
          @Differentiable static double f(double x, double y, int k) {
            double r = k > 0 ? k : x;
            return r * (x > 0 ? 1 : y) + (k > 0 ? 'a' : y) * 1e-2;
          }
          """).at(0.7, 1.3, 2).at(-0.4, 2.1, 0),

      // ---- casts, instanceof, strings, literals ----
      form("castsBetweenNumbers", """
          @SuppressWarnings("adjoint")
          @Differentiable static double f(double x, double y) {
            int k = (int) (x * 10);
            long l = (long) y;
            double r = (double) k / 10 + (double) l;
            return r * x + (double) (int) 3.7 * y + (double) x * (double) (y * y);
          }
          """).at(0.73, 1.37).at(-0.41, 2.13),
      form("castToFloat", """
          @Differentiable static double f(double x, double y) {
            float fx = (float) x;
            float fy = (float) (y * y);
            float p = fx * fy + 1f;
            return p * x + (double) (float) y;
          }
          """).xy().floatArithmetic(),
      form("floatParameters", """
          @Differentiable static float f(float x, float y) {
            float a = x * y - 0.5f * x;
            a += (float) Math.exp(-a * a) + Math.abs(y) * Math.max(x, y);
            return a / (1f + y * y);
          }
          """).at(0.7f, 1.3f).at(-0.4f, 2.1f).floatArithmetic(),
      form("floatArrays", """
          @Differentiable static float f(float[] a, float[][] m) {
            float[] t = new float[m.length];
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < a.length; j++) {
                t[i] += m[i][j] * a[j];
              }
              t[i] = (float) Math.tanh(t[i]);
            }
            float s = 0f;
            for (float v : t) s += v * v;
            return s;
          }
          """).at(new float[] {0.3f, -1.2f}, new float[][] {{0.5f, 0.4f}, {-0.2f, 0.9f}, {1.1f, 0.1f}})
          .at(new float[] {1.1f, 0.4f}, new float[][] {{-0.5f, 0.7f}, {0.6f, -0.3f}, {0.2f, 0.8f}}).floatArithmetic(),
      form("floatMixedWithDouble", """
          @Differentiable static double f(double x, float g) {
            double d = g;
            float h = (float) (x * d);
            double w = (double) h + Math.sin(x) * g;
            return w * h + Math.min(g, h);
          }
          """).at(0.7, 1.3f).at(-0.4, 2.1f).floatArithmetic(),
      form("castToChar", """
          @Differentiable static double f(double x, double y, int k) {
            char c = (char) ('a' + k);
            int code = c;
            return x * (code - 'a') + y * (char) 66;
          }
          """).at(0.7, 1.3, 2).at(-0.4, 2.1, 5),
      form("instanceofClassic", """
          @Differentiable static double f(double x, double y, int k) {
            Object o = k > 0 ? "s" : (Object) Integer.valueOf(k);
            if (o instanceof String) return x * y;
            return x;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("instanceofPattern", """
          @Differentiable static double f(double x, double y, int k) {
            Object o = k > 0 ? (Object) "abc" : (Object) Integer.valueOf(-k);
            if (o instanceof String str && !str.isEmpty()) return x * str.length();
            if (o instanceof Integer n) return y * n * x;
            return x;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, -2),
      form("stringConcatenationOfActiveValues", """
          @Differentiable static double f(double x, double y, int k) {
            String msg = "x=" + x + ", y=" + y + ", k=" + k;
            String acc = "";
            acc += x;
            acc += 'c';
            return msg.startsWith("x=") && !acc.isEmpty() ? x * y : x;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("charArithmetic", """
          @Differentiable static double f(double x, double y) {
            char c = 'a';
            c++;
            c += 2;
            int d = c - 'a';
            return x * d + y * Character.getNumericValue('7');
          }
          """).xy(),
      form("literals", """
          @Differentiable static double f(double x, double y) {
            return x * 0x1F + y * 0b101 + 017 * x + 1_000 * 1e-3 * y + 10L * x + 1.5f * y + .5 * x + 1. * y
                + 0x1p-3 * x + 'a' * 1e-2 + (true ? 1 : 0) * y + 1e-1d * x + 2.5D * y + 0XAL * x;
          }
          """).xy(),
      form("textBlock", """
          @Differentiable static double f(double x, double y) {
            String t = \"""
                ab
                cd\""";
            return x * t.length() + y;
          }
          """).xy(),
      form("classLiteral", """
          @Differentiable static double f(double x, double y) {
            return x * G.class.getSimpleName().length() + y * int.class.getName().length()
                + double[].class.getSimpleName().length();
          }
          """).xy(),
      form("genericMethodCall", """
          @Differentiable static double f(double x, double y) {
            List<Integer> empty = Collections.<Integer>emptyList();
            Map<String, List<Integer>> m = new HashMap<>();
            m.computeIfAbsent("k", key -> new ArrayList<>()).add(4);
            return x * (empty.size() + m.get("k").get(0)) + y;
          }
          """).xy(),

      // ---- lambdas, method references, anonymous classes ----
      form("lambdaPassive", """
          @Differentiable static double f(double x, double y) {
            IntUnaryOperator sq = i -> i * i;
            IntBinaryOperator add = (var a, var b) -> {
              return a + b;
            };
            Supplier<String> sup = () -> "ab";
            return x * sq.applyAsInt(3) + y * add.applyAsInt(1, 2) + sup.get().length();
          }
          """).xy(),
      form("streamPassive", """
          @Differentiable static double f(double x, double y) {
            int n = IntStream.range(0, 4).map(i -> i * i).sum();
            long c = Stream.of("a", "bb").filter(s -> s.length() > 1).count();
            return x * n + y * c;
          }
          """).xy(),
      form("methodReferencePassive", """
          @Differentiable static double f(double x, double y) {
            IntBinaryOperator add = Integer::sum;
            Function<String, Integer> len = String::length;
            Supplier<List<Integer>> make = ArrayList::new;
            IntFunction<int[]> ints = int[]::new;
            return x * add.applyAsInt(2, 3) + y * len.apply("abc") + make.get().size() + ints.apply(4).length;
          }
          """).xy(),
      form("anonymousClassPassive", """
          @Differentiable static double f(double x, double y) {
            IntUnaryOperator op = new IntUnaryOperator() {
              @Override public int applyAsInt(int v) { return v + 1; }
            };
            return x * op.applyAsInt(2) + y;
          }
          """).xy(),
      form("lambdaOverActiveApplied", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator g = v -> v * y; //!
            return g.applyAsDouble(x) + x;
          }
          """).xy(),
      form("lambdaOverActiveTwoArguments", """
          @Differentiable static double f(double x, double y) {
            DoubleBinaryOperator h = (u, v) -> { //!
              double t = Math.sin(u);
              return t * v;
            };
            return h.applyAsDouble(x, y) * h.applyAsDouble(y, x);
          }
          """).xy(),
      form("methodReferenceOverActive", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator s = Math::sin; //!
            return s.applyAsDouble(x) * y;
          }
          """).xy(),
      form("lambdaReadsArrayWrittenBeforeApplication", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y};
            DoubleUnaryOperator g = t -> t * a[0];
            a[0] = y * y; // Java reads a[0] when g is applied
            return g.applyAsDouble(x);
          }
          """).xy(),
      form("lambdaInLoopCapturesLoopVariable", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 1; i <= 3; i++) {
              int k = i;
              double w = x * k;
              DoubleUnaryOperator g = t -> Math.sin(t * w) + k * t;
              s += g.applyAsDouble(y);
            }
            double t = y;
            DoubleUnaryOperator half = v -> v * 0.5;
            while (half.applyAsDouble(t) > 0.1) {
              t = half.applyAsDouble(t) * x;
            }
            return s + t;
          }
          """).xy(),
      form("lambdaNested", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator sq = t -> t * t;
            DoubleBinaryOperator h = (u, v) -> sq.applyAsDouble(u) + v * sq.applyAsDouble(v);
            DoubleUnaryOperator k = t -> {
              DoubleUnaryOperator inner = w -> w * t;
              if (t > 0) {
                return inner.applyAsDouble(y);
              }
              return -t * y;
            };
            return h.applyAsDouble(x, y) + h.applyAsDouble(y, h.applyAsDouble(x, 1)) + k.applyAsDouble(x);
          }
          """).xy().at(-0.3, 0.9),
      form("lambdaChosenByCondition", """
          @Differentiable static double f(double x, double y) {
            double t = x;
            DoubleUnaryOperator g = t > 0 ? v -> v * y : Math::sin; //!
            t = -t; // the choice was made at the declaration, as Java makes it
            DoubleBinaryOperator h = t > 0 ? (u, v) -> u * v : (y > 0.5 ? Math::hypot : (u, v) -> u - v * v);
            double s = 0;
            for (int i = 0; i < 2; i++) {
              s += g.applyAsDouble(x * i) + h.applyAsDouble(s, y);
            }
            return s + (t > 0 ? 1 : 0);
          }
          """).xy().at(-0.3, 0.9).at(0.4, 0.2).at(-0.6, 0.3),
      form("methodReferenceToHelper", """
          @Differentiable static double f(double x, double y) {
            DoubleBinaryOperator m = G::mix;
            DoubleUnaryOperator c = Math::cos;
            ToDoubleFunction<double[]> norm = G::norm;
            double[] v = {x, y};
            return m.applyAsDouble(x, y) * c.applyAsDouble(y) + norm.applyAsDouble(v);
          }

          private static double mix(double a, double b) {
            return a * Math.exp(b);
          }

          static double norm(double[] v) {
            return v[0] * v[0] + v[1] * v[1];
          }
          """).xy(),
      form("methodReferenceToThisMethod", """
          record Model(double k) {
            @Differentiable double loss(double x) {
              DoubleUnaryOperator g = this::scaled;
              DoubleBinaryOperator h = (u, v) -> scaled(u) * v + k;
              return g.applyAsDouble(x) * x + h.applyAsDouble(x, k);
            }

            double scaled(double v) {
              return k * Math.sin(v);
            }
          }

          @Differentiable static double f(double x, double y) {
            return new Model(y).loss(x);
          }
          """).xy(),
      form("lambdaInHelper", """
          @Differentiable static double f(double x, double y) {
            return scaled(x, y) + scaled(y, x);
          }

          private static double scaled(double a, double b) {
            DoubleUnaryOperator g = t -> t * b;
            return g.applyAsDouble(a) + g.applyAsDouble(1);
          }
          """).xy(),
      form("enumConstantBodies", """
          enum Act {
            RELU {
              @Override double apply(double v) { return Math.max(v, 0); }
            },
            LEAKY(0.1) {
              @Override double apply(double v) { return v > 0 ? v : slope * v; }
            },
            SOFTPLUS {
              @Override double apply(double v) { return Math.log1p(Math.exp(v)); }
            },
            LINEAR;

            final double slope;

            Act() { this(0); }

            Act(double slope) { this.slope = slope; }

            double apply(double v) { return 2 * v; }
          }

          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (Act a : Act.values()) {
              s += a.apply(x * y - 0.3); //!
            }
            Act chosen = y > 1 ? Act.LEAKY : Act.SOFTPLUS;
            return s + chosen.apply(x) * y;
          }
          """).xy().at(-0.6, 1.4).at(0.9, 0.2)
          // the taped copies call the method as written: static even when forced
          .expect(Outcome.STATIC, Outcome.STATIC),
      form("lambdaPassedToHelper", """
          interface Rhs {
            double at(double t, double y);
          }

          @Differentiable static double f(double x, double y) {
            double a = integrate((t, v) -> -x * v + Math.sin(t), y, 5); //!
            double b = twice(Math::sin, x) + twice(v -> v * y, x);
            return a + b;
          }

          private static double integrate(Rhs rhs, double y0, int steps) {
            double v = y0;
            for (int i = 0; i < steps; i++) {
              v += 0.1 * rhs.at(0.1 * i, v);
            }
            return v;
          }

          private static double twice(DoubleUnaryOperator g, double v) {
            return g.applyAsDouble(g.applyAsDouble(v));
          }
          """).xy().at(-0.6, 1.1)
          // the taped copies of helpers take plain values, not functions over taped ones: static even when forced
          .expect(Outcome.STATIC, Outcome.STATIC),
      form("lambdaOverActivePassedToHelper", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator g = t -> t * y; //!
            DoubleBinaryOperator h = x > 0 ? (u, v) -> u * v : Math::hypot;
            return twice(g, x) + outer(g, h, y) + g.applyAsDouble(1);
          }

          private static double twice(DoubleUnaryOperator g, double x) {
            return g.applyAsDouble(g.applyAsDouble(x));
          }

          private static double outer(DoubleUnaryOperator k, DoubleBinaryOperator m, double v) {
            return twice(k, v) * m.applyAsDouble(v, 2);
          }
          """).xy().at(-0.4, 0.8).expect(Outcome.STATIC, Outcome.TAPE),
      form("lambdaOverActivePassedToLibrary", """
          @Differentiable static double f(double x, double y) {
            DoubleUnaryOperator g = t -> t * y;
            return java.util.stream.DoubleStream.of(x, y).map(g).sum(); //!
          }
          """).error("has no known derivative"),
      form("arraysStreamReductions", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y * y, Math.sin(x * y)};
            double[] tied = {x, x, 0.5 * y}; // ties share the seed: max(x, x, y / 2) has derivative 1 in x
            double shift = Arrays.stream(a).max().getAsDouble(); //!
            double lse = 0;
            for (double v : a) {
              lse += Math.exp(v - shift);
            }
            return shift + Math.log(lse) + Arrays.stream(a).sum() * Arrays.stream(tied).max().orElseThrow()
                + Arrays.stream(a).min().getAsDouble() / (2 + Arrays.stream(a).average().getAsDouble());
          }
          """).xy().at(0.9, 0.3).at(-0.4, 1.2),
      form("arraysStreamReductionOfEmpty", """
          @Differentiable static double f(double x, double y) {
            double[] a = x > 1 ? new double[0] : new double[] {x * y, y};
            return Arrays.stream(a).max().orElse(2 * y) + Arrays.stream(a).average().orElse(x * x)
                + Arrays.stream(a).min().orElse(-y); //!
          }
          """).xy().at(1.5, 0.4).at(0.3, -0.7),
      form("streamOverActiveValues", """
          @Differentiable static double f(double[] a) {
            return Arrays.stream(a).map(v -> v * v).sum(); //!
          }
          """).error("has no known derivative"),

      // ---- arrays ----
      form("arrayCreation", """
          @Differentiable static double f(double x, double y) {
            double[] a = new double[3];
            double[][] m = new double[2][3];
            int[] idx = new int[] {2, 0};
            double[] b = new double[] {x, y};
            a[idx[0]] = b[0] * b[1];
            m[1][2] = a[2] + y;
            return m[1][2] * m.length + m[0].length * x + a[idx[1]];
          }
          """).xy(),
      form("arrayCreationSizedByParameter", """
          @Differentiable static double f(double x, int n) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.pow(x, i);
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * (i + 1);
            return s;
          }
          """).at(0.7, 4).at(-0.4, 2),
      form("jaggedArrayInitializer", """
          @Differentiable static double f(double x, double y) {
            double[][] m = new double[][] {{x}, {x, y}, {}};
            return m[1][1] * m[0][0] + m.length * m[1][0] + m[2].length;
          }
          """).xy(),
      form("arrayResult", """
          @Differentiable static double[] f(double[] a, double x) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[i] * x + (i > 0 ? r[i - 1] : 0);
            return r;
          }
          """).at(arr(0.3, -1.2, 0.8), 0.7).at(arr(1.1, 0.4), -0.4),
      form("recordArrayResult", """
          record State(double x, double v, int n) {}

          @Differentiable static State[] f(double x, double y) {
            State[] s = {new State(x, y, 0), new State(y * x, x - y, 1), new State(Math.sin(x), y * y, 2)};
            return step(s, 0.1 + 0.01 * x);
          }

          private static State[] step(State[] s, double dt) {
            State[] out = new State[s.length];
            for (int i = 0; i < s.length; i++) {
              out[i] = new State(s[i].x() + dt * s[i].v(), s[i].v() * Math.cos(s[i].x()), s[i].n() + 1);
            }
            out[0] = new State(out[1].v(), out[0].x() * dt, out[0].n()); // reads what it replaces
            return out;
          }
          """).xy(),
      form("recordArrayResultOfParameter", """
          record State(double x, double v) {}

          @Differentiable static State[] f(double x, double y) {
            State[] s = new State[2];
            s[0] = new State(x, y);
            s[1] = new State(x * y, Math.exp(-y));
            return s;
          }
          """).xy(),
      form("arrayLiteralResult", """
          @Differentiable static double[] f(double x, double y) {
            return new double[] {x * y, x + y, Math.sin(x)};
          }
          """).xy(),
      form("matrixParameterAndResult", """
          @Differentiable static double[][] f(double[][] m, double[] v) {
            double[][] r = new double[m.length][v.length];
            for (int i = 0; i < m.length; i++)
              for (int j = 0; j < v.length; j++) r[i][j] = m[i][j] * v[j] + m[i][0];
            return r;
          }
          """).at(mat(arr(0.3, -1.2), arr(0.8, 0.5)), arr(1.1, 0.4))
          .at(mat(arr(1.1, 0.4), arr(-0.6, 0.2), arr(0.9, -0.1)), arr(0.3, 2.0)),
      form("arrayClone", """
          @Differentiable static double f(double[] a) {
            double[] b = a.clone(); //!
            b[0] *= b[1];
            return b[0] + a[0] * b[2];
          }
          """).array(),
      form("arrayLibraryCopies", """
          @Differentiable static double f(double[] a) {
            double[] c = Arrays.copyOf(a, 2); //!
            double[] d = new double[3];
            System.arraycopy(a, 0, d, 1, 2);
            Arrays.fill(c, 1, 2, a[2]);
            return c[0] * c[1] + d[2] * d[1];
          }
          """).array(),
      form("sortActiveArray", """
          @Differentiable static double f(double x, double y) {
            double[] b = {x, y, x * y, 0.5};
            Arrays.sort(b);
            double[] c = {y, x, 2 * x, 3 * y, x - y};
            Arrays.sort(c, 1, 4);
            return b[0] * 2 + b[1] * b[3] + c[1] * c[0] - c[3] * c[4];
          }
          """).at(1.3, 0.7).at(0.2, 0.9),

      // ---- fields, constants, enums, null, passive objects ----
      form("arrayLengthOfField", """
          static final double[] W = {0.5, 1.5, -2};
          static int[] order = {2, 0, 1};

          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0; i < W.length; i++) s += W[order[i]] * Math.pow(x, i) + y * order.length;
            return s;
          }
          """).xy(),
      form("arrayToLibraryInCondition", """
          @Differentiable static double f(double x, double y) {
            double[] v = {x, y};
            double s = 0;
            if (Checker.ok(v, 2) && v[0] > -10) s = v[0] * v[1];
            while (Checker.ok(v, 2) && s < 5) s += v[1];
            return s + (Checker.ok(v, 5) ? 1 : v[1]);
          }
          """).other("Checker", """
          final class Checker {
            static boolean ok(double[] v, int n) { return v.length >= n; }
          }
          """).xy()
          // the tape refuses arrays passed to code without source (the call would get a copy): static code stays
          .expect(Outcome.STATIC, Outcome.STATIC),
      form("rowOfFieldAsLocal", """
          private static final double[][] COEF = {{1.0, 0.5}, {0.25, 2.0}};

          @Differentiable static double f(double x, double y) {
            double[] last = COEF[COEF.length - 1];
            double[] row = COEF[0];
            double s = last[0] * x + last[1] * y;
            row = COEF[1];
            return s * x + row[0] * y;
          }
          """).xy(),
      form("staticFieldPublic", """
          public static double scale = 2.5;
          public static final double OFFSET = 0.25;

          @Differentiable static double f(double x, double y) {
            return x * scale + y * G.scale + OFFSET * G.OFFSET * x;
          }
          """).xy(),
      form("staticFieldPrivateConstant", """
          private static final double K = 3;
          private static final int N = 2;
          private static final String NAME = "abc";

          @Differentiable static double f(double x, double y) {
            return x * K + y * N + NAME.length() * x * y;
          }
          """).xy(),
      form("staticFieldPrivateVariable", """
          private static double scale = 2;

          @Differentiable static double f(double x, double y) {
            return x * scale + y;
          }
          """).xy(),
      form("staticFieldObjectTyped", """
          static final List<Double> COEFFS = List.of(1.0, -2.0, 0.5);
          static final Map<String, Integer> POWERS = Map.of("a", 2);
          static final StringBuilder LOG = new StringBuilder("log");

          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0; i < COEFFS.size(); i++) s = s * x + COEFFS.get(i);
            return s + y * POWERS.get("a") + LOG.length() * x;
          }
          """).xy(),
      form("staticFieldsOfOtherClasses", """
          @Differentiable static double f(double x, double y) {
            return x * Math.PI + y * Math.E + (Integer.MAX_VALUE > 0 ? x : y) + Double.MIN_VALUE * y
                + Cfg.RATE * x * y;
          }
          """).other("Cfg", """
          final class Cfg {
            static double RATE = 0.5;
          }
          """).xy(),
      form("enumConstants", """
          enum Mode { A, B }

          @Differentiable static double f(double x, double y, int k) {
            Mode m = k > 0 ? Mode.A : Mode.B;
            return m == Mode.A ? x * y : x + y + m.ordinal() + Mode.values().length + Mode.valueOf("B").name().length();
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("nullLiteral", """
          @Differentiable static double f(double x, double y, int k) {
            String s = null;
            int[] idx = null;
            Object o = k > 0 ? null : "a";
            if (s == null && idx == null && o != null) return x * y;
            return x;
          }
          """).at(0.7, 1.3, 0).at(-0.4, 2.1, 1),
      form("nullThenActiveArray", """
          @Differentiable static double f(double x, double y, int k) {
            double[] buf = null;
            if (k > 0) buf = new double[] {x, y}; //!
            return buf == null ? x : buf[0] * buf[1];
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, 0),
      form("passiveObjectCalls", """
          @Differentiable static double f(double x, double y, int k) {
            StringBuilder sb = new StringBuilder();
            sb.append(k).append("ab");
            List<Integer> list = new ArrayList<>();
            list.add(3);
            Map<String, Integer> map = new HashMap<>();
            map.put("a", 2);
            return x * sb.length() + y * list.get(0) + map.get("a") * x + Math.floorMod(k, 3) * y
                + Integer.parseInt("12") * x;
          }
          """).at(0.7, 1.3, 1).at(-0.4, 2.1, -4),
      form("passiveCallsReadingActiveValues", """
          @Differentiable static double f(double x, double y) {
            StringBuilder sb = new StringBuilder();
            sb.append(x).append(',').append(y);
            String text = String.valueOf(x) + Double.toString(y) + String.format("%.3f", x);
            return sb.length() > 0 && !text.isEmpty() ? x * y : x;
          }
          """).xy(),
      form("newPassiveObjects", """
          @Differentiable static double f(double x, double y) {
            Random r = new Random(42);
            int j = r.nextInt(3);
            int[] w = new int[] {1, 2, 3};
            BitSet bits = new BitSet();
            bits.set(j);
            return x * (w[j] + bits.cardinality()) + y;
          }
          """).xy(),
      form("newMemberRecordPassive", """
          record Pair(int a, int b) {}
          record Scale(double factor, String unit) {}

          @Differentiable static double f(double x, double y) {
            Pair p = new Pair(2, 3);
            Scale sc = new Scale(2.5, "m");
            return x * p.a() + y * p.b() + sc.factor() * x * sc.unit().length();
          }
          """).xy(),
      form("objectsRequireNonNull", """
          @Differentiable static double f(double[] a, String name) {
            Objects.requireNonNull(a); //!
            Objects.requireNonNull(a, "a");
            String s = Objects.requireNonNull(name);
            Objects.checkIndex(1, a.length);
            return a[0] * a[1] + s.length() * a[0];
          }
          """).at(arr(0.3, -1.2), "n").at(arr(1.1, 0.4, -0.6), "name"),
      form("doubleStatics", """
          @Differentiable static double f(double x, double y) {
            if (Double.isNaN(x) || Double.isInfinite(y) || !Double.isFinite(x)) return 0;
            int c = Double.compare(x, y);
            long bits = Double.doubleToRawLongBits(x);
            long other = Double.doubleToLongBits(y);
            return (c < 0 ? x * y : x + y) + (bits == other ? 1 : 0);
          }
          """).xy().at(1.4, 0.3),
      form("doubleArithmeticStatics", """
          @Differentiable static double f(double x, double y) {
            return Double.sum(x, y) * Double.max(x, y) + Double.min(x * x, y); //!
          }
          """).xy(),
      form("integerStatics", """
          @Differentiable static double f(double x, double y, int k) {
            return x * Integer.bitCount(k) + y * Integer.signum(k) + Long.numberOfTrailingZeros(8L) * x
                + (Character.isDigit('1') ? y : x) + Math.abs(-k) + Math.max(k, 2);
          }
          """).at(0.7, 1.3, 5).at(-0.4, 2.1, -3),

      // ---- same-class helpers ----
      form("helperPrivate", """
          private static double sq(double v) {
            return v * v;
          }

          @Differentiable static double f(double x, double y) {
            return sq(x) + sq(y) * x;
          }
          """).xy(),
      form("helperPackagePrivateLocalsClash", """
          static double cube(double v) {
            double t = v * v;
            return t * v;
          }

          @Differentiable static double f(double x, double y) {
            double t = cube(x);
            return t + cube(t * y);
          }
          """).xy(),
      form("helperVarargs", """
          static double sum(double... v) {
            double s = 0;
            for (double e : v) s += e;
            return s;
          }

          @Differentiable static double f(double x, double y) {
            double[] both = {x, y};
            return sum(x, y, x * y) + sum() + sum(x) * sum(both);
          }
          """).xy(),
      form("helperRecursive", """
          static double power(double v, int n) {
            return n == 0 ? 1 : v * power(v, n - 1); //!
          }

          @Differentiable static double f(double x, double y) {
            return power(x, 3) + y * power(y, 2);
          }
          """).xy().expect(Outcome.TAPE, Outcome.TAPE),
      form("helperWritingArray", """
          static void fill(double[] out, double v) {
            for (int i = 0; i < out.length; i++) out[i] = v * i;
          }

          @Differentiable static double f(double x, double y) {
            double[] a = new double[3];
            fill(a, x);
            return a[2] * y + a[1];
          }
          """).xy(),
      form("helperReturningArray", """
          static double[] pair(double a, double b) {
            return new double[] {a * b, a + b};
          }

          @Differentiable static double f(double x, double y) {
            double[] p = pair(x, y);
            return p[0] * p[1];
          }
          """).xy(),
      form("helperPassive", """
          static int twice(int n) {
            return 2 * n;
          }

          private static int thrice(int n) {
            return 3 * n;
          }

          @Differentiable static double f(double x, double y, int k) {
            return x * twice(k) + y * thrice(k);
          }
          """).at(0.7, 1.3, 2).at(-0.4, 2.1, -1),
      form("helperReturnInsideLoop", """
          static double firstAbove(double[] a, double t) {
            for (double v : a) {
              if (v > t) return v * t;
            }
            return t;
          }

          @Differentiable static double f(double[] a) {
            return firstAbove(a, 0.5) + firstAbove(a, 5);
          }
          """).array(),
      form("helperInLoopCondition", """
          private static double sq(double v) {
            return v * v;
          }

          @Differentiable static double f(double x, double y) {
            double s = y;
            int n = 0;
            while (sq(s) < 4 && n < 10) {
              s += 0.5 * x * x;
              n++;
            }
            return s;
          }
          """).at(0.7, 0.3).at(-0.4, 1.1),
      form("helperCallsHelper", """
          static double outer(double v) {
            return inner(v) + 1;
          }

          private static double inner(double v) {
            return v * v;
          }

          @Differentiable static double f(double x, double y) {
            return outer(x) * outer(y);
          }
          """).xy(),
      form("helperWithObjectParameter", """
          static double scaled(double v, String unit) {
            return unit.equals("m") ? v : v * 1000;
          }

          @Differentiable static double f(double x, double y, String unit) {
            return scaled(x, unit) * y;
          }
          """).at(0.7, 1.3, "m").at(-0.4, 2.1, "km"),
      form("helperDifferentiable", """
          @Differentiable static double g(double v) {
            return v * v;
          }

          @Differentiable static double f(double x, double y) {
            return g(x) * y + g(x * y);
          }
          """).xy(),
      form("helperDifferentiableOnTheTape", """
          @Differentiable static double g(double v) {
            try {
              return v * v;
            } finally {
              v = 0;
            }
          }

          @Differentiable static double f(double x, double y) {
            return g(x) * y + x;
          }
          """).xy(),
      form("helperDifferentiableOtherClass", """
          @Differentiable static double f(double x, double y) {
            return Other.h(x) * y;
          }
          """).other("Other", """
          final class Other {
            @Differentiable static double h(double v) {
              return Math.sin(v) * v;
            }
          }
          """).xy(),
      form("unknownMethodOfOtherClass", """
          @Differentiable static double f(double x, double y) {
            return Lib.g(x) * y; //!
          }
          """).other("Lib", """
          final class Lib {
            static double g(double v) {
              return 2 * v;
            }
          }
          """).error("has no known derivative"),
      form("instanceMethodWithActiveArgument", """
          @Differentiable static double f(double x, DoubleUnaryOperator op) {
            return op.applyAsDouble(x); //!
          }
          """).error("has no known derivative"),

      // ---- Math, StrictMath, FastMath, library statics ----
      form("mathUnary", """
          @Differentiable static double f(double x) {
            return Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.asin(x) + Math.acos(x) + Math.atan(x)
                + Math.sinh(x) + Math.cosh(x) + Math.tanh(x) + Math.exp(x) + Math.expm1(x) + Math.log(x)
                + Math.log10(x) + Math.log1p(x) + Math.sqrt(x) + Math.cbrt(x) + Math.abs(x - 2)
                + Math.toRadians(x) + Math.toDegrees(x);
          }
          """).at(0.3).at(0.7),
      form("mathBinary", """
          @Differentiable static double f(double x, double y) {
            return Math.atan2(x, y) + Math.pow(x, y) + Math.hypot(x, y) + Math.max(x, y) + Math.min(x, y)
                + Math.pow(x, 3) + Math.pow(2, y);
          }
          """).xy().at(1.4, 0.3).map(p -> new Object[] {Math.abs((Double) p[0]), p[1]}),
      form("mathPiecewiseConstant", """
          @SuppressWarnings("adjoint")
          @Differentiable static double f(double x, double y, int k) {
            return Math.signum(x) * y + Math.floor(x * 3) + Math.ceil(y) + Math.rint(x) + Math.round(y * 2)
                + Math.floorDiv(k, 2) + Math.floorMod(k, 3) * x;
          }
          """).at(0.73, 1.37, 3).at(-0.41, 2.13, -5),
      form("mathRoundFloat", """
          @SuppressWarnings("adjoint")
          @Differentiable static double f(double x, double y) {
            return Math.round((float) x) + Math.round(2.5f * (float) y) * x + y;
          }
          """).at(0.73, 1.37).at(-0.41, 2.13).floatArithmetic(),
      form("mathFmaCopySignScalb", """
          @Differentiable static double f(double x, double y) {
            return Math.fma(x, y, x) + Math.copySign(x, y) + Math.scalb(y, 2); //!
          }
          """).xy(),
      form("mathStaticImport", """
          @Differentiable static double f(double x, double y) {
            return sin(x) * exp(y) + PI * x + E + max(x, y);
          }
          """).imports("import static java.lang.Math.*;").xy(),
      form("mathQualified", """
          @Differentiable static double f(double x, double y) {
            return java.lang.Math.sin(x) * java.lang.StrictMath.cos(y);
          }
          """).xy(),
      form("strictMath", """
          @Differentiable static double f(double x, double y) {
            return StrictMath.sin(x) + StrictMath.exp(y) * StrictMath.log(y) + StrictMath.pow(y, x)
                + StrictMath.sqrt(y) + StrictMath.atan2(x, y) + StrictMath.hypot(x, y) + StrictMath.tanh(x)
                + StrictMath.log1p(y) + StrictMath.cbrt(x) + StrictMath.abs(x) + StrictMath.max(x, y);
          }
          """).xy(),
      form("fastMathCommons", """
          @Differentiable static double f(double x, double y) {
            return FastMath.sin(x) + FastMath.exp(y) * FastMath.log(y) + FastMath.pow(y, x) + FastMath.sqrt(y)
                + FastMath.atan2(x, y) + FastMath.hypot(x, y) + FastMath.tanh(x) + FastMath.abs(x);
          }
          """).imports("import org.apache.commons.math3.util.FastMath;").xy(),
      form("fastMathHipparchus", """
          @Differentiable static double f(double x, double y) {
            return FastMath.sin(x) + FastMath.exp(y) * FastMath.log(y) + FastMath.pow(y, x) + FastMath.sqrt(y)
                + FastMath.atan2(x, y) + FastMath.hypot(x, y) + FastMath.cosh(x) + FastMath.max(x, y);
          }
          """).imports("import org.hipparchus.util.FastMath;").xy(),

      // ---- hygiene: names the generated code must not trip over ----
      form("parameterNamedO", """
          @Differentiable static double f(double o, double x) {
            double t = o * x;
            return t * o + Math.sin(o);
          }
          """).xy(),
      form("parametersWhoseAdjointIsAKeyword", """
          @Differentiable static double f(double o, double ouble, double efault) {
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * o + ouble * efault;
            return s * o;
          }
          """).at(0.7, 1.3, -0.5).at(-0.4, 2.1, 0.9),
      form("localsWhoseAdjointIsAKeyword", """
          @Differentiable static double f(double x, double y) {
            double o = x * y;
            double ouble = x + y;
            double efault = 0;
            for (int i = 0; i < 2; i++) {
              efault += o * ouble;
              o = o * x;
            }
            return efault + o;
          }
          """).xy(),
      form("contextualKeywordLocals", """
          @Differentiable static double f(double x, double y) {
            double var = x * y;
            double yield = var + x;
            double record = yield * y;
            double sealed = record - x;
            double permits = sealed * 2;
            double when = permits + 1;
            double module = when;
            double open = module * x;
            double exports = open;
            double to = exports;
            double with = to * y;
            double uses = with;
            double provides = uses;
            double opens = provides;
            double requires = opens;
            double transitive = requires;
            for (int i = 0; i < 2; i++) {
              var = var * x + transitive;
              yield = yield + var;
              record = record * yield;
            }
            return record + var + yield;
          }
          """).at(0.7, 0.3).at(-0.4, 0.6),
      form("contextualKeywordParameters", """
          @Differentiable static double f(double var, double yield, double record, double when) {
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * var + yield * record - when;
            return s;
          }
          """).at(0.7, 1.3, -0.5, 0.2).at(-0.4, 2.1, 0.9, 1.5),
      form("localsNamedLikeGeneratedNames", """
          @Differentiable static double f(double x, double[] a) {
            double dx = 0;
            double seed = 1;
            double value = 0;
            double tangent = 0;
            double result = 0;
            double adjoints = 0;
            double tangents = 0;
            int ints = 0;
            int doubles = 0;
            int tensors = 0;
            int frame = 0;
            int exit = 0;
            int forward = 0;
            int count = 0;
            int token = 0;
            int iteration = 0;
            int tape = 0;
            int longs = 0;
            int objects = 0;
            double[] dy_element = {x, 0};
            for (int i = 0; i < a.length; i++) {
              value = value * x + a[i];
              dy_element[1] = dy_element[0] * value;
              dx += value * seed + dy_element[1];
              if (dx > 100) {
                exit = 1;
                break;
              }
              count++;
              ints += 2;
              doubles++;
              tensors++;
              frame++;
              forward++;
              token++;
              iteration++;
              tape++;
              longs++;
              objects++;
              tangent += a[i] * x;
              result = tangent * dx;
              adjoints = result + value;
              tangents = adjoints * seed;
            }
            return value + dx + tangent + result + adjoints + tangents
                + (ints + doubles + tensors + frame + exit + forward + count + token + iteration + tape + longs + objects);
          }
          """).at(0.7, arr(0.3, -1.2, 0.8)).at(-0.4, arr(1.1, 0.4)),
      form("parametersNamedLikeGeneratedNames", """
          @Differentiable static double f(double x, double dx, double seed, double tangent) {
            double s = 0;
            for (int i = 0; i < 3; i++) s = s * x + dx * seed - tangent;
            return s;
          }
          """).at(0.7, 1.3, -0.5, 0.2).at(-0.4, 2.1, 0.9, 1.5),
      form("parameterNamedValue", """
          @Differentiable static double f(double value, double y) {
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * value + y;
            return s + Math.sin(value);
          }
          """).xy(),
      form("parametersValueAndDvalue", """
          @Differentiable static double f(double value, double dvalue) { //!
            return value * dvalue;
          }
          """).error("dvalue"),
      form("localNamedMath", """
          @Differentiable static double f(double x, double y) {
            double Math = x * y;
            double s = 0;
            for (int i = 0; i < 3; i++) s = s * Math + java.lang.Math.sin(s + x) + java.lang.Math.exp(y);
            return s;
          }
          """).xy(),
      form("localsNamedLikeRuntimeClasses", """
          @Differentiable static double f(double x, double y) {
            double ScalarRules = x * y;
            double DoubleStack = x + y;
            double IntStack = 2;
            double ArrayOps = 3;
            double Integer = 4;
            double[] buf = new double[3];
            double s = 0;
            for (int i = 0; i < 3; i++) {
              s = java.lang.Math.sin(s * ScalarRules) + DoubleStack * java.lang.Math.log(y);
              buf[i] = s * IntStack;
              if (s > 1e6) break;
            }
            return buf[0] * buf[1] + buf[2] * ArrayOps + Integer * s;
          }
          """).at(0.7, 1.3).at(0.4, 2.1),
      form("localsNamedLikeTapeClasses", """
          @Differentiable static double f(double x, double y) {
            double TapedDouble = x * y;
            double ScalarTape = x + y;
            double TapeOps = 2;
            double Tensor = 3;
            double TensorSupport = 4;
            double List = 5;
            double Generated = 6;
            double Objects = 7;
            double Arrays = 8;
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * TapedDouble + ScalarTape * java.lang.Math.cos(s);
            return s * TapeOps + Tensor * TensorSupport + List + Generated + Objects * x + Arrays;
          }
          """).xy(),
      form("parametersNamedLikeRuntimeClasses", """
          @Differentiable static double f(double Math, double[] ArrayOps, double ScalarRules) {
            double s = 0;
            for (int i = 0; i < ArrayOps.length; i++) {
              ArrayOps[i] = ArrayOps[i] * Math + java.lang.Math.sin(ScalarRules);
              s += ArrayOps[i] * ArrayOps[i];
            }
            return s;
          }
          """).at(0.7, arr(0.3, -1.2), 0.5).at(-0.4, arr(1.1, 0.4, -0.6), 1.5),
      form("packageClassesNamedLikeJavaLang", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
              s = java.lang.Math.sin(s + x) * Math.K + y;
              if (s > 1e6) break;
            }
            return s * java.lang.Math.max(x, y);
          }
          """).other("Math", """
          final class Math {
            static final int K = 3;
          }
          """).other("Integer", """
          final class Integer {
          }
          """).other("Double", """
          final class Double {
          }
          """).xy(),
      form("packageClassesNamedLikeRuntime", """
          @Differentiable static double f(double x, double y) {
            double[] a = {x, y};
            double s = 0;
            for (int i = 0; i < 3; i++) {
              a[i % 2] = a[i % 2] * s + java.lang.Math.sin(x);
              s = s * x + a[0] * a[1];
              if (s > 1e6) break;
            }
            return s;
          }
          """).other("ScalarRules", """
          final class ScalarRules {
          }
          """).other("ArrayOps", """
          final class ArrayOps {
          }
          """).other("DoubleStack", """
          final class DoubleStack {
          }
          """).other("IntStack", """
          final class IntStack {
          }
          """).other("TapedDouble", """
          final class TapedDouble {
          }
          """).other("ScalarTape", """
          final class ScalarTape {
          }
          """).other("List", """
          final class List {
          }
          """).other("Generated", """
          final class Generated {
          }
          """).xy(),
      form("helpersNamedLikeTapeOperations", """
          static double add(double a, double b) {
            return a + b + 1;
          }

          static double mul(double a, double b) {
            return a * b * 2;
          }

          static double d(double v) {
            return v;
          }

          static double sin(double v) {
            return v - v * v * v / 6;
          }

          static boolean lt(double a, double b) {
            return a > b;
          }

          @Differentiable static double f(double x, double y) {
            double s = mul(add(x, y), d(x)) + sin(y);
            return lt(x, y) ? s * x : s + x;
          }
          """).xy(),
      form("helpersNamedLikeTapedCopies", """
          static double tapedF(double v) {
            return v * v;
          }

          static double g(double v) {
            return v + 1;
          }

          static double tapedG(double v) {
            return 3 * v;
          }

          @Differentiable static double f(double x, double y) {
            return tapedF(x) * g(y) + tapedG(x);
          }
          """).xy(),
      form("generatedLoopLabelsTaken", """
          @Differentiable static double f(double x, double y) {
            double s = 0;
            loop0:
            for (int i = 0; i < 3; i++) {
              loop1:
              for (int j = 0; j < 3; j++) {
                loop2:
                for (int k = 0; k < 3; k++) {
                  switch (k) {
                    case 0:
                      continue;
                    case 1:
                      s += x * j;
                      break;
                    default:
                      if (i == 2) continue loop0;
                      if (j == 2) continue loop1;
                      continue loop2;
                  }
                  s = s * y + x;
                }
              }
              for (int m = 0; m < 2; m++) {
                switch (m) {
                  case 0:
                    continue;
                  default:
                    s += y * s;
                }
              }
            }
            return s;
          }
          """).at(0.7, 0.3).at(-0.4, 0.6),
      form("helperAndLocalOfTheSameName", """
          private static double sq(double v) {
            double sq = v * v;
            return sq;
          }

          @Differentiable static double f(double x, double y) {
            double sq = sq(x);
            return sq(sq) + sq * y;
          }
          """).xy(),
      form("unicodeNames", """
          @Differentiable static double f(double ξ, double ŷ) {
            double π2 = ξ * ŷ;
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * π2 + ξ;
            return s;
          }
          """).xy(),
      form("dollarNames", """
          @Differentiable static double f(double $x, double tape$, double result$) {
            double x$ = tape$ + result$;
            double s = 0;
            for (int i = 0; i < 2; i++) s = s * $x + x$;
            return s;
          }
          """).at(0.7, 1.3, -0.5).at(-0.4, 2.1, 0.9),
      form("parametersNamedLikeEntryLocals", """
          @Differentiable static double f(double tape, double result, double[] adjoints, double seed) {
            double tangents = tape * result + seed;
            for (int i = 0; i < adjoints.length; i++) tangents += adjoints[i] * tape;
            return tangents;
          }
          """).at(0.7, 1.3, arr(0.3, -1.2), 0.4).at(-0.4, 2.1, arr(1.1, 0.4, -0.6), -0.9),
      form("parametersSharingTapeLeafNames", """
          @Differentiable static double f(double w, double $w, double[] adjoints$) {
            double s = 0;
            for (int i = 0; i < adjoints$.length; i++) s = s * w + $w * adjoints$[i];
            return s;
          }
          """).at(0.7, 1.3, arr(0.3, -1.2)).at(-0.4, 2.1, arr(1.1, 0.4, -0.6)),
      form("localShadowingStaticField", """
          static double s = 2;

          @Differentiable static double f(double x, double y) {
            double s = x * G.s;
            for (int i = 0; i < 2; i++) s = s * y + G.s;
            return s;
          }
          """).xy(),
      form("localNamedLikeTheMethod", """
          @Differentiable static double f(double x, double y) {
            double f = x * y;
            double g = f + x;
            return f * g;
          }
          """).xy(),

      // ---- writes the processor must refuse ----
      form("fieldWrite", """
          static double total;

          @Differentiable static double f(double x, double y) {
            total = x * y; //!
            return x;
          }
          """).error("cannot write the field total"),
      form("fieldCompoundWrite", """
          static double total;

          @Differentiable static double f(double x, double y) {
            total += x; //!
            return x * y;
          }
          """).error("cannot write the field total"),
      form("fieldIncrementInExpression", """
          static int calls;

          @Differentiable static double f(double x, double y) {
            return x * y + calls++; //!
          }
          """).error("cannot write the field calls"),
      form("fieldArrayElementWrite", """
          static final double[] BUF = new double[2];

          @Differentiable static double f(double x, double y) {
            BUF[0] = x; //!
            return x * y;
          }
          """).error("BUF"));

  // ---------------------------------------------------------------------------------------------
  // Running the table
  // ---------------------------------------------------------------------------------------------

  private static final Map<String, Form> BY_NAME = new LinkedHashMap<>();

  static {
    for (Form f : FORMS) {
      if (BY_NAME.put(f.name, f) != null) {
        throw new IllegalStateException("two forms named " + f.name);
      }
    }
  }

  static {
    for (String key : KNOWN_GAPS.keySet()) {
      if (!BY_NAME.containsKey(key.substring(0, key.indexOf('/')))) {
        throw new IllegalStateException("KNOWN_GAPS names no form: " + key);
      }
    }
  }

  private static void gap(String form, Path path, String now) {
    if (KNOWN_GAPS.put(form + "/" + path.key, now) != null) {
      throw new IllegalStateException("two gaps for " + form + "/" + path.key);
    }
  }

  private static final Map<Path, Run> RUNS = new EnumMap<>(Path.class);
  private static final Map<Outcome, AtomicInteger> PASSED = new EnumMap<>(Outcome.class);
  private static final AtomicInteger SKIPPED = new AtomicInteger();

  static {
    for (Outcome o : Outcome.values()) {
      PASSED.put(o, new AtomicInteger());
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(Path.values()).flatMap(p -> FORMS.stream().map(f -> Arguments.of(f.name, p)));
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  void coverage(String name, Path path) throws Throwable {
    Form form = BY_NAME.get(name);
    String key = name + "/" + path.key;
    String gap = KNOWN_GAPS.get(key);
    Throwable failure = null;
    try {
      check(form, path);
    } catch (Throwable e) { // also what loading a broken companion throws (LinkageError, ExceptionInInitializerError)
      failure = e;
    }
    if (gap != null) {
      if (failure == null) {
        fail("known gap " + key + " passes now: remove it from KNOWN_GAPS (" + gap + ")");
      }
      SKIPPED.incrementAndGet();
      Assumptions.abort("known gap " + key + ": " + gap + "\n  now: " + failure.getMessage());
    }
    if (failure != null) {
      throw failure;
    }
    PASSED.get(path == Path.STATIC_PATH ? form.onStatic : form.onTape).incrementAndGet();
  }

  @AfterAll
  static void counts() {
    System.out.printf("grammar coverage: %d forms, %d cases; static ok %d, tape ok %d, error ok %d, known gaps %d%n",
        FORMS.size(), 2 * FORMS.size(), PASSED.get(Outcome.STATIC).get(), PASSED.get(Outcome.TAPE).get(),
        PASSED.get(Outcome.ERROR).get(), SKIPPED.get());
    KNOWN_GAPS.forEach((k, v) -> System.out.println("  known gap " + k + ": " + v));
  }

  private static void check(Form form, Path path) {
    Run run = run(path);
    Outcome expected = path == Path.STATIC_PATH ? form.onStatic : form.onTape;
    List<Diagnostic<? extends JavaFileObject>> diagnostics = run.diagnostics.getOrDefault(form.name, List.of());
    List<String> crash = run.unattributed.get(form.name);
    if (crash != null) {
      fail("errors on no line of any file (the processor's round failed): " + crash);
    }
    List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      String message = d.getMessage(null);
      if (message.contains("adjoint-processor failed")) {
        fail("internal error: " + show(d));
      }
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        if (generated(d)) {
          fail("the generated companion does not compile: " + show(d));
        }
        errors.add(d);
      } else if (generated(d) && (d.getKind() == Diagnostic.Kind.WARNING
          || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) && !inherited(d, diagnostics)) {
        fail("the generated companion has a warning: " + show(d));
      }
    }
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (d.getKind() == Diagnostic.Kind.WARNING && d.getMessage(null).contains("@SuppressWarnings(\"adjoint\")")
          && !d.getMessage(null).contains(" runs on the dynamic tape: ")) { // the tape's own warning is checked as the path
        fail("a warning where no derivative is lost (forms that cut one on purpose suppress it): " + show(d));
      }
    }
    if (expected == Outcome.ERROR) {
      assertTrue(!errors.isEmpty(), "expected an ERROR containing \"" + form.fragment + "\", but it compiled ("
          + mode(diagnostics) + ")");
      Diagnostic<? extends JavaFileObject> match = errors.stream()
          .filter(d -> d.getMessage(null).contains(form.fragment)).findFirst().orElse(null);
      if (match == null) {
        fail("no ERROR containing \"" + form.fragment + "\"; errors: " + errors.stream().map(GrammarCoverageTest::show).toList());
      }
      assertEquals(form.markedLine(), match.getLineNumber(), "line of " + show(match));
      return;
    }
    if (!errors.isEmpty()) {
      fail("rejected: " + errors.stream().map(GrammarCoverageTest::show).toList());
    }
    Outcome actual = mode(diagnostics);
    assertEquals(expected, actual, "path taken; notes: " + notes(diagnostics));
    if (path == Path.STATIC_PATH && actual == Outcome.TAPE && form.markedLine() > 0) {
      Diagnostic<? extends JavaFileObject> note = diagnostics.stream()
          .filter(d -> d.getMessage(null).startsWith("f runs on the dynamic tape")).findFirst().orElseThrow();
      assertEquals(form.markedLine(), note.getLineNumber(), "line of the NOTE " + note.getMessage(null));
    }
    if (run.compiled.get(form.name) == null) {
      fail("no compilation with this form succeeded on the " + path + " path");
    }
    assertTrue(form.points.size() >= 2, "a form needs two points or more");
    GradientCheck check = run.compiled.get(form.name).check(form.pkg() + ".G", "f")
        .finiteDifferenceTolerance(form.tolerance).dotProductTolerance(form.tolerance > 1e-6 ? form.tolerance : 1e-9);
    if (form.floatArithmetic) {
      check.floatArithmetic(1e-3);
    }
    for (Object[] point : form.points) {
      check.at(point);
    }
  }

  /** A warning of generated code that javac also gives the user's own code (a copied fall-through). */
  private static boolean inherited(Diagnostic<? extends JavaFileObject> warning,
      List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    String message = warning.getMessage(null).lines().findFirst().orElse("");
    return diagnostics.stream().anyMatch(d -> d.getKind() == warning.getKind() && !generated(d)
        && d.getMessage(null).lines().findFirst().orElse("").equals(message));
  }

  private static Outcome mode(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    // a WARNING where the processor chose the tape, a NOTE where -Aadjoint.fallback=always forced it
    return diagnostics.stream().anyMatch(d -> (d.getKind() == Diagnostic.Kind.NOTE || d.getKind() == Diagnostic.Kind.WARNING)
        && d.getMessage(null).startsWith("f runs on the dynamic tape")) ? Outcome.TAPE : Outcome.STATIC;
  }

  private static List<String> notes(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.NOTE).map(d -> d.getMessage(null)).toList();
  }

  /** All forms of one path, compiled until what is left compiles. */
  private static synchronized Run run(Path path) {
    return RUNS.computeIfAbsent(path, GrammarCoverageTest::compileAll);
  }

  private static final class Run {
    final List<String> options = new ArrayList<>(List.of("-parameters", "-Xlint:all", "-Xmaxerrs", "100000",
        "-Xmaxwarns", "100000"));
    /** Per form, its diagnostics in the last compilation it took part in. */
    final Map<String, List<Diagnostic<? extends JavaFileObject>>> diagnostics = new HashMap<>();
    /** Per form, the errors that name no form (a crash of a whole round), found by bisection. */
    final Map<String, List<String>> unattributed = new HashMap<>();
    /** Per form that compiled, the compilation that holds its classes. */
    final Map<String, CompiledSources> compiled = new HashMap<>();
    int compilations;
  }

  private static final Pattern FORM_FILE = Pattern.compile("(?:^|/)g/([^/]+)/[^/]+\\.java$");

  private static Run compileAll(Path path) {
    Run run = new Run();
    run.options.addAll(path.options);
    long start = System.nanoTime();
    // Three groups, so that what is expected to fail does not make the rest compile again: forms
    // with a known gap on this path, forms expected to be rejected, and the others.
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (Form form : FORMS) {
      String group = KNOWN_GAPS.containsKey(form.name + "/" + path.key) ? "gaps"
          : (path == Path.STATIC_PATH ? form.onStatic : form.onTape) == Outcome.ERROR ? "errors" : "rest";
      groups.computeIfAbsent(group, k -> new LinkedHashSet<>()).add(form.name);
    }
    groups.values().forEach(group -> compile(run, group));
    System.err.printf("grammar coverage, %s path: %d compilations, %.1f s%n", path, run.compilations,
        (System.nanoTime() - start) / 1e9);
    return run;
  }

  /**
   * Compiles {@code forms} together, leaving out each form that gets an error, until the rest
   * compiles. Errors that name no form (javac puts a round's crash on no line) are narrowed down by
   * compiling halves.
   */
  private static void compile(Run run, Set<String> forms) {
    Set<String> left = new LinkedHashSet<>(forms);
    while (!left.isEmpty()) {
      List<JavaFileObject> files = left.stream().flatMap(n -> BY_NAME.get(n).files().stream()).toList();
      Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).withOptions(run.options)
          .compile(files);
      run.compilations++;
      Map<String, List<Diagnostic<? extends JavaFileObject>>> byForm = new HashMap<>();
      List<String> unattributed = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        String form = formOf(d);
        if (form == null || d.getLineNumber() == Diagnostic.NOPOS) {
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            unattributed.add(d.getMessage(null));
          }
          continue;
        }
        byForm.computeIfAbsent(form, k -> new ArrayList<>()).add(d);
      }
      for (String form : left) {
        run.diagnostics.put(form, byForm.getOrDefault(form, List.of()));
      }
      if (compilation.status() == Compilation.Status.SUCCESS) {
        CompiledSources compiled = CompiledSources.of(compilation);
        left.forEach(form -> run.compiled.put(form, compiled));
        return;
      }
      Set<String> rejected = new LinkedHashSet<>();
      byForm.forEach((form, ds) -> {
        if (ds.stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
          rejected.add(form);
        }
      });
      if (rejected.isEmpty()) {
        if (left.size() == 1) {
          run.unattributed.put(left.iterator().next(), unattributed);
          return;
        }
        List<String> all = new ArrayList<>(left);
        compile(run, new LinkedHashSet<>(all.subList(0, all.size() / 2)));
        compile(run, new LinkedHashSet<>(all.subList(all.size() / 2, all.size())));
        return;
      }
      left.removeAll(rejected);
    }
  }

  private static String formOf(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return null;
    }
    Matcher m = FORM_FILE.matcher(d.getSource().toUri().toString());
    return m.find() ? m.group(1) : null;
  }

  private static boolean generated(Diagnostic<? extends JavaFileObject> d) {
    return d.getSource() != null && d.getSource().toUri().toString().endsWith("Derivatives.java");
  }

  /** A diagnostic with its line, and the line's text. */
  private static String show(Diagnostic<? extends JavaFileObject> d) {
    String text = "";
    if (d.getSource() != null && d.getLineNumber() > 0) {
      try {
        String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
        text = " `" + lines[(int) d.getLineNumber() - 1].strip() + "`";
      } catch (IOException | RuntimeException e) {
        text = "";
      }
    }
    String file = d.getSource() == null ? "" : d.getSource().getName().replaceAll(".*/", "");
    return d.getKind() + " " + file + ":" + d.getLineNumber() + text + ": " + d.getMessage(null);
  }

  // ---------------------------------------------------------------------------------------------
  // Forms
  // ---------------------------------------------------------------------------------------------

  /** One form: the members of class {@code g.<name>.G}, what to expect on each path, and the points. */
  static final class Form {
    final String name;
    final String members;
    String imports = "";
    final Map<String, String> others = new LinkedHashMap<>();
    Outcome onStatic = Outcome.STATIC;
    Outcome onTape = Outcome.TAPE;
    String fragment;
    double tolerance = 1e-6;
    boolean floatArithmetic;
    final List<Object[]> points = new ArrayList<>();

    Form(String name, String members) {
      this.name = name;
      this.members = members;
    }

    Form at(Object... args) {
      points.add(args);
      return this;
    }

    /** Two points of {@code f(double x, double y)}. */
    Form xy() {
      return at(0.7, 1.3).at(-0.4, 2.1);
    }

    /** Two points of {@code f(double[] a)}. */
    Form array() {
      return at((Object) arr(0.3, -1.2, 0.8)).at((Object) arr(1.1, 0.4, -0.6));
    }

    /** Rewrites every point so far (e.g. into a function's domain). */
    Form map(java.util.function.UnaryOperator<Object[]> f) {
      points.replaceAll(f);
      return this;
    }

    Form expect(Outcome onStatic, Outcome onTape) {
      this.onStatic = onStatic;
      this.onTape = onTape;
      return this;
    }

    /** An ERROR containing {@code fragment} on the line marked {@code //!}, on both paths. */
    Form error(String fragment) {
      this.fragment = fragment;
      return expect(Outcome.ERROR, Outcome.ERROR);
    }

    Form imports(String imports) {
      this.imports = imports;
      return this;
    }

    /** Another top-level class of the package, in a file of its own. */
    Form other(String simpleName, String code) {
      others.put(simpleName, code);
      return this;
    }

    /**
     * Float arithmetic inside f: agreement to 1e-3 with finite differences of step 1e-2. The tape
     * records double values only, so the tape path keeps the static code (a method that needs the
     * tape and has active float values is an ERROR, see FloatDerivativesTest).
     */
    Form floatArithmetic() {
      this.floatArithmetic = true;
      return expect(Outcome.STATIC, Outcome.STATIC);
    }

    Form tolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    String pkg() { return "g." + name; }

    String source() {
      return "package " + pkg() + ";\n\n"
          + "import dev.adjoint.Differentiable;\n"
          + "import java.util.*;\n"
          + "import java.util.function.*;\n"
          + "import java.util.stream.*;\n"
          + imports + "\n\n"
          + "final class G {\n"
          + members.indent(2)
          + "}\n";
    }

    List<JavaFileObject> files() {
      List<JavaFileObject> files = new ArrayList<>(List.of(CompiledSources.source(pkg() + ".G", source())));
      others.forEach((simpleName, code) -> files.add(CompiledSources.source(pkg() + "." + simpleName,
          "package " + pkg() + ";\n\nimport dev.adjoint.Differentiable;\n\n" + code)));
      return files;
    }

    /** The 1-based line marked {@code //!} in the source, or -1. */
    long markedLine() {
      String[] lines = source().split("\n", -1);
      long found = -1;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains("//!")) {
          if (found > 0) {
            throw new IllegalStateException(name + " marks two lines");
          }
          found = i + 1;
        }
      }
      if (found < 0 && onStatic == Outcome.ERROR) {
        throw new IllegalStateException(name + " expects an ERROR but marks no line");
      }
      return found;
    }
  }

  static Form form(String name, String members) {
    return new Form(name, members);
  }

  static double[] arr(double... values) {
    return values;
  }

  static double[][] mat(double[]... rows) {
    return rows;
  }
}
