package dev.adjoint.processor.parse;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * What a caller of a {@code @Checkpoint} method that takes or returns arrays may rely on. The caller
 * keeps its array arguments by reference and gives the call's result its array variable (see
 * API.md section 6), which is sound only if the callee's source shows that it never writes the
 * elements of an array parameter (also not through the helpers it passes them to) and returns a
 * new array. Conservative: whatever cannot be shown counts as unsafe, and the caller then runs on
 * the dynamic tape with a WARNING that says why.
 */
final class CheckpointArrays {
  private final Trees trees;
  /** Methods whose array parameters are being checked (recursion ends there, as read-only). */
  private final Set<ExecutableElement> visiting = new HashSet<>();

  CheckpointArrays(Trees trees) {
    this.trees = trees;
  }

  /** Null if {@code method} is safe to checkpoint with array values, else why not (for the WARNING). */
  String problem(ExecutableElement method) {
    MethodTree tree = trees.getTree(method);
    TreePath path = trees.getPath(method);
    if (tree == null || tree.getBody() == null || path == null) {
      return "its source is not in this compilation";
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      if (p.asType().getKind() == TypeKind.ARRAY && !readOnly(method, i)) {
        return "it may write the elements of its array parameter " + p.getSimpleName();
      }
    }
    trees.getElement(new TreePath(path, tree.getBody())); // attributes the method's class on request
    if (method.getReturnType().getKind() == TypeKind.ARRAY && !returnsNew(tree, path)) {
      return "it may return an array that is not new (return new double[…], a clone, or a local made so)";
    }
    return null;
  }

  /** Whether {@code method} only reads the elements of its {@code index}-th parameter. */
  private boolean readOnly(ExecutableElement method, int index) {
    if (visiting.contains(method)) {
      return true; // checked further up
    }
    TreePath path = trees.getPath(method);
    MethodTree tree = trees.getTree(method);
    if (path == null || tree == null || tree.getBody() == null || method.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    Element param = method.getParameters().get(index);
    trees.getElement(new TreePath(path, tree.getBody())); // attributes the method's class on request
    visiting.add(method);
    try {
      boolean[] ok = {true};
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree node, Void unused) {
          Element e = trees.getElement(getCurrentPath());
          if (ok[0] && (param.equals(e) || e == null && node.getName().contentEquals(param.getSimpleName()))
              && !readUse(getCurrentPath())) {
            ok[0] = false; // (an unresolved name that may be the parameter counts as a write)
          }
          return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
          ok[0] &= !mentions(node, param); // a local or anonymous class: not followed
          return null;
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
          ok[0] &= !mentions(node, param);
          return null;
        }
      }.scan(new TreePath(path, tree.getBody()), null);
      return ok[0];
    } finally {
      visiting.remove(method);
    }
  }

  private boolean mentions(Tree tree, Element param) {
    boolean[] found = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        found[0] |= node.getName().contentEquals(param.getSimpleName());
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }

  /**
   * Whether the use of an array parameter at {@code path} only reads: an element read ({@code y[i]},
   * {@code m[i][j]}), {@code y.length}, {@code y.clone()}, the array of a for-each loop, or an
   * argument of a method of source that only reads its parameter there.
   */
  private boolean readUse(TreePath path) {
    Tree use = path.getLeaf();
    TreePath up = path.getParentPath();
    // y[i][j]: the outermost access decides (an element is a value; a row is an array again)
    while (up.getLeaf() instanceof ParenthesizedTree
        || up.getLeaf() instanceof ArrayAccessTree a && a.getExpression() == use) {
      use = up.getLeaf();
      up = up.getParentPath();
    }
    Tree parent = up.getLeaf();
    javax.lang.model.type.TypeMirror type = use instanceof ArrayAccessTree ? trees.getTypeMirror(new TreePath(up, use))
        : null;
    if (type != null && type.getKind() != TypeKind.ARRAY && type.getKind() != TypeKind.ERROR) {
      return !(parent instanceof AssignmentTree as && as.getVariable() == use)
          && !(parent instanceof CompoundAssignmentTree c && c.getVariable() == use)
          && !(parent instanceof UnaryTree u && isIncrement(u));
    }
    if (parent instanceof MemberSelectTree s && s.getExpression() == use) {
      String name = s.getIdentifier().toString();
      return name.equals("length") || name.equals("clone") && up.getParentPath().getLeaf() instanceof MethodInvocationTree;
    }
    if (parent instanceof EnhancedForLoopTree f && f.getExpression() == use) {
      javax.lang.model.type.TypeMirror array = trees.getTypeMirror(new TreePath(up, use));
      return array != null && array.getKind() == TypeKind.ARRAY
          && f.getVariable().getType() != null && f.getVariable().getType().getKind() == Tree.Kind.PRIMITIVE_TYPE;
    }
    if (parent instanceof MethodInvocationTree call) {
      return argumentOnlyRead(up, call, use);
    }
    return false;
  }

  /** {@code arg} (an array) passed to {@code call}: read-only if the callee's source only reads that parameter. */
  private boolean argumentOnlyRead(TreePath callPath, MethodInvocationTree call, Tree arg) {
    if (!(trees.getElement(callPath) instanceof ExecutableElement callee)) {
      return false;
    }
    int index = call.getArguments().indexOf(arg);
    if (index < 0 || callee.isVarArgs() && index >= callee.getParameters().size() - 1) {
      return false;
    }
    String owner = callee.getEnclosingElement().toString();
    String name = callee.getSimpleName().toString();
    if (owner.equals("java.lang.System") && name.equals("arraycopy") && index == 0
        || owner.equals("java.util.Arrays") && (name.equals("copyOf") || name.equals("copyOfRange")) && index == 0) {
      return true; // copies from the array
    }
    return readOnly(callee, index);
  }

  private static boolean isIncrement(UnaryTree u) {
    return switch (u.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /** Whether every {@code return} of {@code method} gives a new array. */
  private boolean returnsNew(MethodTree method, TreePath path) {
    boolean[] ok = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree node, Void unused) {
        ok[0] &= node.getExpression() != null && fresh(node.getExpression(), new TreePath(getCurrentPath(),
            node.getExpression()), method);
        return null;
      }

      @Override
      public Void visitClass(ClassTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        return null;
      }
    }.scan(new TreePath(path, method.getBody()), null);
    return ok[0];
  }

  /**
   * {@code new double[…]}, {@code x.clone()}, or a local variable declared so and never assigned
   * again (its elements may be written: the array is still the method's own).
   */
  private boolean fresh(ExpressionTree e, TreePath path, MethodTree method) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    if (e instanceof NewArrayTree) {
      return true;
    }
    if (e instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree s
        && (call.getArguments().isEmpty() && s.getIdentifier().contentEquals("clone")
            || (s.getIdentifier().contentEquals("copyOf") || s.getIdentifier().contentEquals("copyOfRange"))
                && trees.getElement(path) instanceof ExecutableElement m
                && m.getEnclosingElement().toString().equals("java.util.Arrays"))) {
      return true;
    }
    if (!(e instanceof IdentifierTree id)) {
      return false;
    }
    Element local = trees.getElement(path);
    if (local == null || local.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    boolean[] ok = {true};
    boolean[] declared = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        if (local.equals(trees.getElement(getCurrentPath()))) {
          declared[0] = true;
          ok[0] &= node.getInitializer() != null && fresh(node.getInitializer(),
              new TreePath(getCurrentPath(), node.getInitializer()), method);
        }
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        if (node.getVariable() instanceof IdentifierTree target && target.getName().contentEquals(id.getName())
            && local.equals(trees.getElement(new TreePath(getCurrentPath(), node.getVariable())))) {
          ok[0] = false;
        }
        return super.visitAssignment(node, unused);
      }
    }.scan(enclosingMethod(path), null);
    return ok[0] && declared[0];
  }

  private static TreePath enclosingMethod(TreePath path) {
    TreePath p = path;
    while (p != null && !(p.getLeaf() instanceof MethodTree)) {
      p = p.getParentPath();
    }
    return p;
  }

  static boolean hasArrays(List<? extends VariableElement> params, ExecutableElement method) {
    return method.getReturnType().getKind() == TypeKind.ARRAY
        || params.stream().anyMatch(p -> p.asType().getKind() == TypeKind.ARRAY);
  }
}
