package dev.adjoint.internal.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import dev.adjoint.internal.ParamKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParamKindTest {
  @Test
  void mapsTypeNamesAsTypeMirrorsPrintThem() {
    assertEquals(Optional.of(ParamKind.DOUBLE), ParamKind.ofTypeName("double"));
    assertEquals(Optional.of(ParamKind.DOUBLE_ARRAY), ParamKind.ofTypeName("double[]"));
    assertEquals(Optional.of(ParamKind.DOUBLE_ARRAY2), ParamKind.ofTypeName("double[][]"));
    assertEquals(Optional.of(ParamKind.TENSOR), ParamKind.ofTypeName("dev.adjoint.Tensor"));
    assertEquals(Optional.of(ParamKind.INT), ParamKind.ofTypeName("int"));
    assertEquals(Optional.of(ParamKind.LONG), ParamKind.ofTypeName("long"));
    assertEquals(Optional.of(ParamKind.BOOLEAN), ParamKind.ofTypeName("boolean"));
    assertEquals(Optional.of(ParamKind.INT_ARRAY), ParamKind.ofTypeName("int[]"));
    assertEquals(Optional.empty(), ParamKind.ofTypeName("Tensor"));
    assertEquals(Optional.empty(), ParamKind.ofTypeName("float"));
    assertEquals(Optional.empty(), ParamKind.ofTypeName("double[][][]"));
  }
}
