package dev.adjoint.processor.parse;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.CustomDerivative;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Which static method a call means (Java's overload choice, restricted to widening) and what it
 * is to the processor: a rule-table {@code Math} function, a function with {@code @DerivativeOf}
 * partials, another {@code @Differentiable} method, or a plain call.
 */
final class CallResolver {
  private final NameResolver resolver;
  private final CustomDerivatives customs;
  private final ClassRef caller;

  CallResolver(NameResolver resolver, CustomDerivatives customs, ClassRef caller) {
    this.resolver = resolver;
    this.customs = customs;
    this.caller = caller;
  }

  Expr callOf(TypeElement owner, ExecutableElement method, List<Expr> args, MethodInvocationTree tree) {
    ClassRef ref = Types.refOf(owner);
    String name = method.getSimpleName().toString();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      throw Unsupported.construct(tree, "calling the instance method " + name, "call static methods");
    }
    String qualified = ref.qualifiedName();
    if (qualified.equals("java.lang.Math") || qualified.equals("java.lang.StrictMath")) {
      MathFunction f = MathFunction.lookup(name, args.size());
      boolean anyDouble = args.stream().anyMatch(a -> a.type() == Type.SCALAR);
      boolean integralOverload = f == MathFunction.ABS || f == MathFunction.MAX || f == MathFunction.MIN;
      if (f != null && (anyDouble || !integralOverload)) {
        Type type = f == MathFunction.ROUND ? Type.LONG : Type.SCALAR;
        return new Expr.MathCall(f, ref.simpleNames().get(0), args, type, tree);
      }
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE_MEMBER, tree, "the method " + qualified + "." + name);
    }
    CustomDerivative custom = customs.of(method, caller, tree);
    if (custom != null) {
      return new Expr.CustomCall(ref, name, convertArgs(args, custom.params(), tree), custom, tree);
    }
    if (SignatureReader.isDifferentiable(method)) {
      Signature callee;
      try {
        callee = SignatureReader.read(method);
      } catch (Problem p) {
        throw new Problem(p.message(), tree, p.args());
      }
      return new Expr.DiffCall(callee, convertArgs(args, callee.paramTypes(), tree), tree);
    }
    Type returnType = method.getReturnType().getKind() == TypeKind.VOID ? null : Types.of(method.getReturnType());
    if (returnType == null && method.getReturnType().getKind() != TypeKind.VOID) {
      throw Unsupported.construct(tree, "a call of " + name + " returning " + method.getReturnType(),
          "call methods returning double, int, long or boolean");
    }
    return new Expr.PlainCall(ref, name, args, returnType, tree);
  }

  static List<Expr> convertArgs(List<Expr> args, List<Type> types, Tree tree) {
    List<Expr> result = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      result.add(Typing.convert(args.get(i), types.get(i), tree));
    }
    return result;
  }

  /** The applicable static method with the fewest widenings, Java-style, or null. */
  ExecutableElement chooseMethod(TypeElement owner, String name, List<Expr> args, Tree tree) {
    ExecutableElement best = null;
    int bestCost = Integer.MAX_VALUE;
    for (Element e : resolver.membersOf(owner)) {
      if (e.getKind() != ElementKind.METHOD || !e.getSimpleName().contentEquals(name)) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      if (m.getParameters().size() != args.size() || m.isVarArgs()) {
        continue;
      }
      int cost = 0;
      for (int i = 0; i < args.size() && cost < Integer.MAX_VALUE; i++) {
        Type p = Types.of(m.getParameters().get(i).asType());
        int c = Typing.wideningCost(args.get(i).type(), p);
        cost = c < 0 ? Integer.MAX_VALUE : cost + c;
      }
      if (cost < bestCost) {
        best = m;
        bestCost = cost;
      }
    }
    return best;
  }
}
