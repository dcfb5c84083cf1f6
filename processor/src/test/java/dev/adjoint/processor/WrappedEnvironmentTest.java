package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Build tools that wrap javac's processing environment (IntelliJ, Gradle). */
class WrappedEnvironmentTest {
  private static final JavaFileObject SOURCE = source("w.M", """
      package w;
      final class M {
        @dev.adjoint.Differentiable
        static double f(double x) { return x * x; }
      }
      """);

  @Test
  void wrapperWithDelegateFieldIsUnwrapped() {
    Compilation compilation = compile(GradleStyleWrapper::new);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("w.MDerivatives").isNotNull();
  }

  /** IntelliJ's JPS wraps the environment in a java.lang.reflect.Proxy whose handler holds it. */
  @Test
  void proxyWrapperIsUnwrapped() {
    Compilation compilation = compile(env -> (ProcessingEnvironment) Proxy.newProxyInstance(
        WrappedEnvironmentTest.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
        new ForwardingHandler(env)));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("w.MDerivatives").isNotNull();
  }

  @Test
  void wrapperOfAWrapperIsUnwrapped() {
    Compilation compilation = compile(env -> new GradleStyleWrapper(new OtherNameWrapper(env)));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("w.MDerivatives").isNotNull();
  }

  @Test
  void opaqueWrapperGetsOneClearError() {
    Compilation compilation = compile(OpaqueWrapper::new);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("adjoint-processor needs javac's com.sun.source API");
  }

  private static Compilation compile(UnaryOperator<ProcessingEnvironment> wrap) {
    return Compiler.javac().withProcessors(new Wrapping(wrap)).compile(SOURCE);
  }

  /** Hands {@link AdjointProcessor} a wrapped environment, as a build tool would. */
  private static final class Wrapping extends AbstractProcessor {
    private final AdjointProcessor processor = new AdjointProcessor();
    private final UnaryOperator<ProcessingEnvironment> wrap;

    Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      processor.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() { return processor.getSupportedAnnotationTypes(); }

    @Override
    public SourceVersion getSupportedSourceVersion() { return processor.getSupportedSourceVersion(); }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return processor.process(annotations, round);
    }
  }

  /** Forwards everything to the environment in field {@code inner}; subclasses name the field. */
  private abstract static class Forwarding implements ProcessingEnvironment {
    abstract ProcessingEnvironment inner();

    @Override public Map<String, String> getOptions() { return inner().getOptions(); }
    @Override public Messager getMessager() { return inner().getMessager(); }
    @Override public Filer getFiler() { return inner().getFiler(); }
    @Override public Elements getElementUtils() { return inner().getElementUtils(); }
    @Override public Types getTypeUtils() { return inner().getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return inner().getSourceVersion(); }
    @Override public Locale getLocale() { return inner().getLocale(); }
  }

  private static final class GradleStyleWrapper extends Forwarding {
    private final ProcessingEnvironment delegate;

    GradleStyleWrapper(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override ProcessingEnvironment inner() { return delegate; }
  }

  /** Keeps the environment in a field of another name. */
  private static final class OtherNameWrapper extends Forwarding {
    private final ProcessingEnvironment wrapped;

    OtherNameWrapper(ProcessingEnvironment wrapped) {
      this.wrapped = wrapped;
    }

    @Override ProcessingEnvironment inner() { return wrapped; }
  }

  /** Reaches the environment only through another object: nothing to unwrap. */
  private static final class OpaqueWrapper extends Forwarding {
    private final Supplier<ProcessingEnvironment> hidden;

    OpaqueWrapper(ProcessingEnvironment env) {
      this.hidden = () -> env;
    }

    @Override ProcessingEnvironment inner() { return hidden.get(); }
  }

  /** Like IntelliJ's proxy handlers: forwards every call to the environment in its field. */
  private static final class ForwardingHandler implements InvocationHandler {
    private final ProcessingEnvironment myDelegate;

    ForwardingHandler(ProcessingEnvironment delegate) {
      this.myDelegate = delegate;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(myDelegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
