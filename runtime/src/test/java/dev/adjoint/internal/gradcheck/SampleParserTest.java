package dev.adjoint.internal.gradcheck;

import static dev.adjoint.internal.ParamKind.BOOLEAN;
import static dev.adjoint.internal.ParamKind.DOUBLE;
import static dev.adjoint.internal.ParamKind.DOUBLE_ARRAY2;
import static dev.adjoint.internal.ParamKind.DOUBLE_ARRAY;
import static dev.adjoint.internal.ParamKind.INT;
import static dev.adjoint.internal.ParamKind.INT_ARRAY;
import static dev.adjoint.internal.ParamKind.LONG;
import static dev.adjoint.internal.ParamKind.TENSOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.adjoint.internal.Param;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleParserTest {
  private static final List<Param> LOGISTIC =
      List.of(Param.of("w", DOUBLE_ARRAY), Param.of("b", DOUBLE), Param.of("x", DOUBLE_ARRAY), Param.of("y", DOUBLE));

  private static final List<Param> ALL_KINDS = List.of(
      Param.of("d", DOUBLE), Param.of("a", DOUBLE_ARRAY), Param.of("m", DOUBLE_ARRAY2), Param.of("t", TENSOR),
      Param.of("n", INT), Param.of("l", LONG), Param.of("flag", BOOLEAN), Param.of("idx", INT_ARRAY));

  private static Object[] valid(String sample, List<Param> params) {
    SampleParser.Result result = SampleParser.parse(sample, params);
    return assertInstanceOf(SampleParser.Valid.class, result, () -> result.toString()).arguments();
  }

  @Test
  void parsesTheApiExample() {
    Object[] args = valid("w=[0.1, 0.2], b=0.5, x=[1, 2], y=1", LOGISTIC);
    assertArrayEquals(new double[] {0.1, 0.2}, (double[]) args[0]);
    assertEquals(0.5, args[1]);
    assertArrayEquals(new double[] {1, 2}, (double[]) args[2]);
    assertEquals(1.0, args[3]);
  }

  @Test
  void parsesEveryKindInAnyOrderWithAnySpacing() {
    Object[] args = valid(
        " idx = [3, -1] ,flag=true, l=9000000000, n=-7, t=[[[1], [2]], [[3], [4]], [[5], [6]]],"
            + "\tm=[[1, 2], [3, 4], [5, 6]], a=[], d=-1.5e-3",
        ALL_KINDS);
    assertEquals(-1.5e-3, args[0]);
    assertArrayEquals(new double[0], (double[]) args[1]);
    assertArrayEquals(new double[][] {{1, 2}, {3, 4}, {5, 6}}, (double[][]) args[2]);
    assertEquals(new TensorValue(new double[] {1, 2, 3, 4, 5, 6}, new int[] {3, 2, 1}), args[3]);
    assertEquals(-7, args[4]);
    assertEquals(9_000_000_000L, args[5]);
    assertEquals(true, args[6]);
    assertArrayEquals(new int[] {3, -1}, (int[]) args[7]);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"0.5; 0.5", ".5; 0.5", "1.; 1", "+2; 2", "-0; -0.0", "2E3; 2000", "1e+2; 100", "7; 7"})
  void acceptsJavaNumberSpellings(String text, double expected) {
    assertEquals(expected, valid("d=" + text, List.of(Param.of("d", DOUBLE)))[0]);
  }

  @Test
  void tensorMayBeANumberOrEmptyAndMatrixMayBeEmpty() {
    List<Param> params = List.of(Param.of("t", TENSOR), Param.of("e", TENSOR), Param.of("m", DOUBLE_ARRAY2));
    Object[] args = valid("t=2.5, e=[], m=[]", params);
    assertEquals(new TensorValue(new double[] {2.5}, new int[0]), args[0]);
    assertEquals(new TensorValue(new double[0], new int[] {0}), args[1]);
    assertArrayEquals(new double[0][0], (double[][]) args[2]);
  }

  @Test
  void methodWithoutParametersTakesTheEmptySample() {
    assertEquals(0, valid("  ", List.of()).length);
  }

  /** Each error: the sample, the expected 0-based offset, and the expected message. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "w=0.1, b=0.5, x=[1, 2], y=1 | 2 | parameter 'w' expects double[] but got a number at column 3",
    "w=[1], b=0.5, x=[1], y=1, z=2 | 26 | unknown parameter 'z' (parameters: w, b, x, y) at column 27",
    "w=[1], b=0.5, x=[1] | 19 | missing parameter 'y' at column 20",
    "w=[1], b=0.5, b=0.6, x=[1], y=1 | 14 | parameter 'b' is given twice at column 15",
    "w=[1, 2, b=0.5, x=[1], y=1 | 9 | expected a number, true, false or '[' but found 'b' at column 10",
    "w=[1, 2 | 7 | expected ',' or ']' but found the end of the sample at column 8",
    "w=[1 2], b=0.5, x=[1], y=1 | 5 | expected ',' or ']' but found '2' at column 6",
    "w=[1], b=1.2.3, x=[1], y=1 | 9 | malformed number '1.2.3' at column 10",
    "w=[1], b=1e, x=[1], y=1 | 9 | malformed number '1e': exponent has no digits at column 10",
    "w=[1], b=NaN, x=[1], y=1 | 9 | NaN is not allowed: a gradient check needs a finite point at column 10",
    "w=[1], b=-Infinity, x=[1], y=1 | 9 | -Infinity is not allowed: a gradient check needs a finite point at column 10",
    "w=[1], b=1e400, x=[1], y=1 | 9 | parameter 'b': 1e400 overflows double at column 10",
    "w=[1], b=abc, x=[1], y=1 | 9 | expected a number, true, false or '[' but found 'abc' at column 10",
    "w=[1], b 0.5, x=[1], y=1 | 9 | expected '=' after parameter name 'b' but found '0' at column 10",
    "w=[1], b=0.5, x=[1], y=1, | 25 | expected a parameter name after ',' at column 26",
    "w=[1], b=0.5; x=[1], y=1 | 12 | expected ',' or the end of the sample but found ';' at column 13",
    "w=[1], =0.5 | 7 | expected a parameter name but found '=' at column 8",
    "w=[1], b=, x=[1], y=1 | 9 | expected a number, true, false or '[' but found ',' at column 10",
    "w=[1, true], b=0.5, x=[1], y=1 | 6 | parameter 'w' expects double[] but element [1] is a boolean where a number was expected at column 7",
    "w=[[1], [2]], b=0.5, x=[1], y=1 | 2 | parameter 'w' expects double[] but got 2-D nested lists at column 3",
    "w=[1, [2]], b=0.5, x=[1], y=1 | 6 | parameter 'w' expects double[] but element [1] is a list where a number was expected at column 7",
    "w=[1], b=[0.5], x=[1], y=1 | 9 | parameter 'b' expects double but got a list at column 10",
  })
  void reportsEachErrorWithItsOffset(String sample, int offset, String message) {
    assertEquals(new SampleParser.Invalid(offset, message), SampleParser.parse(sample, LOGISTIC));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "m=[[1, 2], [3]] | 11 | parameter 'm' is ragged: element [1] has 1 element but element [0] has 2 at column 12",
    "m=[1, 2] | 2 | parameter 'm' expects double[][] but got a list at column 3",
    "m=[[1], 2] | 8 | parameter 'm' is ragged: element [1] is a number where a list of 1 element was expected at column 9",
    "t=[[[1, 2], [3, 4]], [[5, 6], [7]]] | 30 | parameter 't' is ragged: element [1][1] has 1 element but element [1][0] has 2 at column 31",
    "n=1.5 | 2 | parameter 'n' expects int but got 1.5, which is not an int at column 3",
    "n=1e3 | 2 | parameter 'n' expects int but got 1e3, which is not an int at column 3",
    "n=3000000000 | 2 | parameter 'n': 3000000000 is out of int range at column 3",
    "l=99999999999999999999 | 2 | parameter 'l': 99999999999999999999 is out of long range at column 3",
    "flag=1 | 5 | parameter 'flag' expects boolean but got a number at column 6",
    "d=true | 2 | parameter 'd' expects double but got a boolean at column 3",
    "idx=[0, 0.5] | 8 | parameter 'idx' expects int[] but got 0.5, which is not an int at column 9",
  })
  void reportsKindAndShapeErrors(String sample, int offset, String message) {
    // One parameter per sample is enough: the kind check happens before the missing-parameter check.
    assertEquals(new SampleParser.Invalid(offset, message), SampleParser.parse(sample, ALL_KINDS));
  }
}
