package dev.adjoint.processor.diag;

import java.util.List;
import javax.lang.model.element.Element;

/** {@code @SuppressWarnings("adjoint")} on a method or an enclosing class silences the processor's warnings there. */
public final class Suppression {
  private Suppression() {}

  /** Whether warnings about {@code element}'s body are suppressed. */
  public static boolean suppressed(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings annotation = e.getAnnotation(SuppressWarnings.class);
      if (annotation != null && List.of(annotation.value()).contains(Message.SUPPRESS_WARNINGS)) {
        return true;
      }
    }
    return false;
  }
}
