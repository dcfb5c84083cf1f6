package dev.adjoint.processor.parse;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import java.util.Locale;

/**
 * The single place where a construct outside the supported subset is turned down, as an
 * ERROR at the construct. (A dynamic-tape fallback with a NOTE hooks in here.)
 */
final class Unsupported {
  private Unsupported() {}

  /** What to throw for {@code tree}: "{@code what} is not supported …; {@code advice}". */
  static Problem construct(Tree tree, String what, String advice) {
    return new Problem(Message.UNSUPPORTED, tree, what, advice);
  }

  /** {@code WHILE_LOOP} → "while loop". */
  static String describe(Tree tree) {
    return tree.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
