package dev.adjoint;

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
    Graph graph = Graph.below(output.edge());
    int n = graph.size;
    Map<Node, List<Integer>> targets = null;
    Map<Node, Boolean> needed = null;
    if (inputs != null) {
      targets = new IdentityHashMap<>();
      for (int i = 0; i < inputs.length; i++) {
        targets.computeIfAbsent(inputs[i].edge(), k -> new ArrayList<>()).add(i);
      }
      needed = neededNodes(graph, targets);
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
    for (int k = 0; k < n; k++) {
      Node node = graph.nodes[graph.order[k]];
      if (executes(node, needed)) {
        node.checkRunnable();
      }
    }

    Tensor[] results = inputs == null ? null : new Tensor[inputs.length];
    Node[] leaves = new Node[n];
    Tensor[] leafGrads = new Tensor[n];
    int leafCount = 0;
    Node[] executed = new Node[n];
    int executedCount = 0;
    Tensor[] pending = new Tensor[n]; // by the node's position in the graph
    pending[Graph.ROOT] = seed;
    boolean previousMode = GradMode.set(createGraph);
    try {
      for (int k = n - 1; k >= 0; k--) {
        int at = graph.order[k];
        Node node = graph.nodes[at];
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
            leaves[leafCount] = node;
            leafGrads[leafCount++] = g;
          }
          continue;
        }
        if (!executes(node, needed)) {
          continue;
        }
        Tensor[] inputGrads = node.apply(g);
        int first = graph.firstEdge[at];
        for (int i = 0; i < node.next.length; i++) {
          Node child = node.next[i];
          if (child == null || inputGrads[i] == null || (needed != null && !needed.containsKey(child))) {
            continue;
          }
          int to = graph.edges[first + i];
          Tensor previous = pending[to];
          pending[to] = previous == null ? inputGrads[i] : previous.add(inputGrads[i]);
        }
        executed[executedCount++] = node;
      }
    } finally {
      GradMode.set(previousMode);
    }
    if (!retainGraph) {
      for (int i = 0; i < executedCount; i++) {
        executed[i].release();
      }
    }
    for (int i = 0; i < leafCount; i++) {
      leaves[i].leaf.accumulateGrad(leafGrads[i]);
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
   * The nodes reachable from a root, each once, at a position given in the order found (the root
   * at {@link #ROOT}); their depth-first post-order; and for every edge the position of the node
   * it points at, found once here so that the backward pass looks nothing up. Positions are
   * found by a scan while there are few nodes (a tiny network's graph: no identity hash computed
   * per node, no map), through a map beyond.
   */
  static final class Graph {
    static final int ROOT = 0;
    private static final int SCANNED = 32;

    Node[] nodes = new Node[16];
    int size;
    /** Positions in post-order: every node after the nodes its edges point at. */
    int[] order = new int[16];
    /** Per position, where its edges start in {@link #edges}. */
    int[] firstEdge = new int[16];
    /** Per edge ({@code next[i]} of a node), the position it points at; -1 for a null edge. */
    int[] edges = new int[32];
    private int edgeCount;
    private IdentityHashMap<Node, Integer> positions;

    /** Depth-first from {@code root}, with explicit stacks: long chains cannot overflow the stack. */
    static Graph below(Node root) {
      Graph g = new Graph();
      g.add(root);
      int orderSize = 0;
      int[] stack = new int[16]; // positions on the path from the root
      int[] nextChild = new int[16]; // per entry of stack: its next edge to follow
      int depth = 1;
      stack[0] = ROOT;
      while (depth > 0) {
        int at = stack[depth - 1];
        Node node = g.nodes[at];
        int i = nextChild[depth - 1];
        int descend = -1;
        while (i < node.next.length && descend < 0) {
          Node child = node.next[i];
          int to = child == null ? -1 : g.indexOf(child);
          if (child != null && to < 0) {
            to = g.add(child);
            descend = to;
          }
          g.edges[g.firstEdge[at] + i] = to;
          i++;
        }
        nextChild[depth - 1] = i;
        if (descend >= 0) {
          if (depth == stack.length) {
            stack = Arrays.copyOf(stack, 2 * depth);
            nextChild = Arrays.copyOf(nextChild, 2 * depth);
          }
          stack[depth] = descend;
          nextChild[depth] = 0;
          depth++;
        } else {
          depth--;
          g.order[orderSize++] = at;
        }
      }
      return g;
    }

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

    /** Adds a node not added yet, at position {@code size}, with room for its edges; returns the position. */
    private int add(Node node) {
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, 2 * size);
        order = Arrays.copyOf(order, 2 * size);
        firstEdge = Arrays.copyOf(firstEdge, 2 * size);
      }
      nodes[size] = node;
      firstEdge[size] = edgeCount;
      edgeCount += node.next.length;
      if (edgeCount > edges.length) {
        edges = Arrays.copyOf(edges, Math.max(2 * edges.length, edgeCount));
      }
      if (positions == null && size == SCANNED) {
        positions = new IdentityHashMap<>();
        for (int i = 0; i < size; i++) {
          positions.put(nodes[i], i);
        }
      }
      if (positions != null) {
        positions.put(node, size);
      }
      return size++;
    }
  }

  /** Nodes from which some target is reachable (children come before parents in post-order). */
  private static Map<Node, Boolean> neededNodes(Graph graph, Map<Node, List<Integer>> targets) {
    Map<Node, Boolean> needed = new IdentityHashMap<>();
    for (int k = 0; k < graph.size; k++) {
      Node node = graph.nodes[graph.order[k]];
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
