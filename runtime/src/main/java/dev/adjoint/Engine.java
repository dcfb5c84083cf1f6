package dev.adjoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a backward pass over the recorded graph: iterative (no recursion, so long chains cannot
 * overflow the stack), each node once, in reverse topological order. Everything that can fail is
 * checked before the first gradient is computed, and leaf gradients are written and the graph freed
 * only at the end, so a failed pass leaves every {@code .grad} and the graph untouched.
 */
final class Engine {
  private Engine() {}

  /** Backward into the leaves' {@code .grad} fields. */
  static void backward(Tensor output, Tensor seed, boolean retainGraph) {
    run(output, seed, null, retainGraph, false, false);
  }

  /**
   * Gradients of {@code output} with respect to {@code inputs}; {@code .grad} fields untouched. An
   * input the graph does not reach gives null when {@code allowUnused}, else an exception.
   */
  static Tensor[] grad(Tensor output, Tensor seed, Tensor[] inputs, boolean retainGraph,
      boolean createGraph, boolean allowUnused) {
    return run(output, seed, inputs, retainGraph, createGraph, allowUnused);
  }

  private static Tensor[] run(Tensor output, Tensor seed, Tensor[] inputs, boolean retainGraph,
      boolean createGraph, boolean allowUnused) {
    Node root = output.edge();
    Nodes seen = new Nodes();
    List<Node> order = postOrder(root, seen);
    Map<Node, List<Integer>> targets = null;
    Map<Node, Boolean> needed = null;
    if (inputs != null) {
      targets = new IdentityHashMap<>();
      for (int i = 0; i < inputs.length; i++) {
        targets.computeIfAbsent(inputs[i].edge(), k -> new ArrayList<>()).add(i);
      }
      needed = neededNodes(order, targets);
      if (!allowUnused) {
        for (int i = 0; i < inputs.length; i++) {
          if (!needed.containsKey(inputs[i].edge())) {
            throw new IllegalArgumentException("Autograd.grad: input " + i + " (shape "
                + Arrays.toString(inputs[i].shapeRef()) + ") was not used to compute the output; "
                + "it is not reached by the graph");
          }
        }
      }
    }
    for (Node node : order) {
      if (executes(node, needed)) {
        node.checkRunnable();
      }
    }

    Tensor[] results = inputs == null ? null : new Tensor[inputs.length];
    List<Node> leaves = new ArrayList<>();
    List<Tensor> leafGrads = new ArrayList<>();
    List<Node> executed = new ArrayList<>();
    Tensor[] pending = new Tensor[seen.size()]; // by the node's position in seen
    pending[seen.indexOf(root)] = seed;
    boolean previousMode = GradMode.set(createGraph);
    try {
      for (int k = order.size() - 1; k >= 0; k--) {
        Node node = order.get(k);
        int at = seen.indexOf(node);
        Tensor g = pending[at];
        pending[at] = null;
        if (g == null) {
          continue;
        }
        if (targets != null && targets.containsKey(node)) {
          for (int i : targets.get(node)) {
            results[i] = g;
          }
        }
        if (node.isAccumulator()) {
          if (inputs == null) {
            leaves.add(node);
            leafGrads.add(g);
          }
          continue;
        }
        if (!executes(node, needed)) {
          continue;
        }
        Tensor[] inputGrads = node.apply(g);
        for (int i = 0; i < node.next.length; i++) {
          Node child = node.next[i];
          if (child == null || inputGrads[i] == null || (needed != null && !needed.containsKey(child))) {
            continue;
          }
          int to = seen.indexOf(child);
          Tensor previous = pending[to];
          pending[to] = previous == null ? inputGrads[i] : previous.add(inputGrads[i]);
        }
        executed.add(node);
      }
    } finally {
      GradMode.set(previousMode);
    }
    if (!retainGraph) {
      executed.forEach(Node::release);
    }
    for (int i = 0; i < leaves.size(); i++) {
      leaves.get(i).leaf.accumulateGrad(leafGrads.get(i));
    }
    return results;
  }

  /** Whether the pass runs this node's rule: always for backward, else only toward a target. */
  private static boolean executes(Node node, Map<Node, Boolean> needed) {
    if (node.isAccumulator()) {
      return false;
    }
    if (needed == null) {
      return true;
    }
    for (Node child : node.next) {
      if (child != null && needed.containsKey(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Depth-first post-order from the root, with an explicit stack; {@code seen} collects the nodes
   * in the order found.
   */
  private static List<Node> postOrder(Node root, Nodes seen) {
    List<Node> order = new ArrayList<>();
    ArrayDeque<Node> nodes = new ArrayDeque<>();
    int[] nextChild = new int[16]; // per node on the stack: its next child to visit
    int depth = 0;
    nodes.push(root);
    seen.add(root);
    while (!nodes.isEmpty()) {
      Node node = nodes.peek();
      int i = nextChild[depth];
      while (i < node.next.length && (node.next[i] == null || seen.indexOf(node.next[i]) >= 0)) {
        i++;
      }
      if (i < node.next.length) {
        nextChild[depth] = i + 1;
        Node child = node.next[i];
        seen.add(child);
        nodes.push(child);
        if (++depth == nextChild.length) {
          nextChild = Arrays.copyOf(nextChild, 2 * depth);
        }
        nextChild[depth] = 0;
      } else {
        nodes.pop();
        depth--;
        order.add(node);
      }
    }
    return order;
  }

  /**
   * The nodes of one pass and their positions: found by a scan while there are few (a tiny
   * network's graph: no identity hash computed per node, no map), through a map beyond.
   */
  static final class Nodes {
    private static final int SCANNED = 32;
    private Node[] nodes = new Node[SCANNED];
    private int size;
    private IdentityHashMap<Node, Integer> positions;

    int size() { return size; }

    /** The position of {@code node}, -1 if it was not added. */
    int indexOf(Node node) {
      if (positions != null) {
        Integer at = positions.get(node);
        return at == null ? -1 : at;
      }
      for (int i = 0; i < size; i++) {
        if (nodes[i] == node) {
          return i;
        }
      }
      return -1;
    }

    /** Adds a node not added yet, at position {@link #size()}. */
    void add(Node node) {
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, 2 * size);
      }
      nodes[size] = node;
      if (positions == null && size == SCANNED) {
        positions = new IdentityHashMap<>();
        for (int i = 0; i < size; i++) {
          positions.put(nodes[i], i);
        }
      }
      if (positions != null) {
        positions.put(node, size);
      }
      size++;
    }
  }

  /** Nodes from which some target is reachable (children come before parents in post-order). */
  private static Map<Node, Boolean> neededNodes(List<Node> order, Map<Node, List<Integer>> targets) {
    Map<Node, Boolean> needed = new IdentityHashMap<>();
    for (Node node : order) {
      boolean need = targets.containsKey(node);
      for (int i = 0; i < node.next.length && !need; i++) {
        need = node.next[i] != null && needed.containsKey(node.next[i]);
      }
      if (need) {
        needed.put(node, Boolean.TRUE);
      }
    }
    return needed;
  }
}
