package dev.adjoint.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * The one place diagnostics leave the processor: on an element through {@link Messager}, or at
 * a tree's exact line and column through {@link Trees#printMessage}.
 */
public final class Reporter {
  private final Messager messager;
  /** What was reported at a source position: an inlined helper's problem is reported once, not per caller. */
  private final java.util.Set<String> reported = new java.util.HashSet<>();

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  public void onElement(Element element, Message message, Object... args) {
    messager.printMessage(message.kind(), message.format(args), element);
  }

  /** On {@code value} of {@code annotation} of {@code element}: javac puts it on the value's line. */
  public void onAnnotation(Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
      Object... args) {
    messager.printMessage(message.kind(), message.format(args), element, annotation, value);
  }

  public void global(Message message, Object... args) {
    messager.printMessage(message.kind(), message.format(args));
  }

  /** At {@code tree} in {@code unit}; on {@code fallback} when there is no tree. */
  public void at(Trees trees, Tree tree, CompilationUnitTree unit, Element fallback, Message message,
      Object... args) {
    if (tree == null) {
      onElement(fallback, message, args);
      return;
    }
    String text = message.format(args);
    String key = unit.getSourceFile().toUri() + ":" + trees.getSourcePositions().getStartPosition(unit, tree) + ":" + text;
    if (reported.add(key)) {
      trees.printMessage(message.kind(), text, tree, unit);
    }
  }

  public void report(Trees trees, Problem problem, CompilationUnitTree unit, Element method) {
    at(trees, problem.tree(), unit, method, problem.message(), problem.args());
  }
}
