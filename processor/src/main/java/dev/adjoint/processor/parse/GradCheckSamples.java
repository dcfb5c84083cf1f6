package dev.adjoint.processor.parse;

import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import dev.adjoint.internal.gradcheck.SampleParser;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @GradCheck} samples of a method. They are parsed here with the runtime's own {@link
 * SampleParser}, so a sample that {@code GradChecks.verify} could not use fails the build instead.
 */
public final class GradCheckSamples {
  public static final String GRAD_CHECK = RuntimeNames.GRAD_CHECK;

  private GradCheckSamples() {}

  /** The sample strings verbatim, in order; empty without {@code @GradCheck}. */
  public static List<String> of(ExecutableElement method) {
    List<String> samples = new ArrayList<>();
    for (AnnotationValue v : values(annotation(method))) {
      samples.add(String.valueOf(v.getValue()));
    }
    return samples;
  }

  /** Reports every sample that does not fit {@code signature}, on its string in the annotation. */
  public static void validate(ExecutableElement method, Signature signature, Reporter reporter) {
    AnnotationMirror annotation = annotation(method);
    List<Param> params = params(signature);
    List<AnnotationValue> values = values(annotation);
    boolean floats = signature.returnType().isFloat() || signature.paramTypes().stream().anyMatch(Type::isFloat);
    if (floats && !values.isEmpty()) {
      // GradChecks perturbs and compares doubles; a float method's samples would be misread
      reporter.onAnnotation(method, annotation, values.get(0), Message.SAMPLE_INVALID, 1,
          "GradChecks does not check methods with float parameters or results yet; check the companion's"
              + " gradient against finite differences in a test, or remove @GradCheck");
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      if (SampleParser.parse(String.valueOf(values.get(i).getValue()), params)
          instanceof SampleParser.Invalid invalid) {
        reporter.onAnnotation(method, annotation, values.get(i), Message.SAMPLE_INVALID, i + 1, invalid.message());
      }
    }
  }

  /** The method's {@code @GradCheck}, or null. */
  public static AnnotationMirror annotation(Element method) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(GRAD_CHECK)) {
        return a;
      }
    }
    return null;
  }

  /** Every declared parameter with its kind, as {@code CheckedMethod} and {@link SampleParser} see it. */
  public static List<Param> params(Signature signature) {
    List<Param> params = new ArrayList<>();
    for (int i = 0; i < signature.paramNames().size(); i++) {
      flatten(signature.paramNames().get(i), signature.paramTypes().get(i), params);
    }
    return params;
  }

  /**
   * A record parameter is checked component by component, each named by its path ({@code p.w},
   * {@code self.k}); an array of records by its columns ({@code layers.b}, one value per record).
   */
  private static void flatten(String path, Type type, List<Param> out) {
    if (type.isRecord()) {
      type.shape().components().forEach(c -> flatten(path + "." + c.name(), c.type(), out));
    } else if (type.isRecordArray()) {
      for (dev.adjoint.processor.ir.RecordShape.Component c : type.shape().components()) {
        Type t = c.type();
        ParamKind kind = t == Type.SCALAR ? ParamKind.DOUBLE_ARRAY : t == Type.ARRAY ? ParamKind.DOUBLE_ARRAY2
            : t == Type.INT ? ParamKind.INT_ARRAY : ParamKind.OTHER;
        out.add(Param.of(path + "." + c.name(), kind));
      }
    } else {
      out.add(Param.of(path, kindOf(type)));
    }
  }

  /** Every IR type has a kind: the IR's types are a subset of the checkable ones. */
  public static ParamKind kindOf(Type type) {
    return ParamKind.ofTypeName(type.javaName()).orElse(ParamKind.OTHER);
  }

  private static List<AnnotationValue> values(AnnotationMirror annotation) {
    List<AnnotationValue> values = new ArrayList<>();
    if (annotation != null) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
          : annotation.getElementValues().entrySet()) {
        if (e.getKey().getSimpleName().contentEquals("value")) {
          for (Object v : (List<?>) e.getValue().getValue()) {
            values.add((AnnotationValue) v);
          }
        }
      }
    }
    return values;
  }
}
