using System.Text.RegularExpressions;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Variants;

/// <summary>
/// Proves a written variant loads in ONNX Runtime (session creation runs ORT's checker, type
/// inference and the graph optimizer that fuses Q/DQ groups), so a variant ORT refuses is reported
/// with ORT's own words when it is made, not when a benchmark first tries to run it. Where ORT names
/// the node it refuses, the transform is tried again leaving that node alone, so the message offers
/// an exclusion that is known to work rather than a guess.
/// </summary>
public static partial class VariantVerifier
{
    // Each refused node costs one more transform and load; past a few, the exclusion is no longer a small fix.
    private const int MaxExcludedNodes = 3;

    /// <summary>For a model no transform made (a trained one): ORT's refusal in its own words, nothing to exclude.</summary>
    /// <exception cref="ModelRewriteException">ORT refused the model.</exception>
    public static void EnsureLoads(string modelPath, string description, OrtLibrary? library = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        library ??= OrtLibrary.Shared;
        if (Refusal(modelPath, library) is { } refusal)
        {
            throw new ModelRewriteException($"ONNX Runtime {library.Version} refuses {description}: {refusal.OrtMessage.Trim()}", refusal);
        }
    }

    /// <exception cref="ModelRewriteException">ORT refused the model; the message carries ORT's and, where one works, the exclusion that makes it load.</exception>
    public static void EnsureLoads(string modelPath, string description, IVariantTransform transform, OnnxModel source, OrtLibrary? library = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(source);
        library ??= OrtLibrary.Shared;
        if (Refusal(modelPath, library) is not { } refusal)
        {
            return;
        }

        var head = $"ONNX Runtime {library.Version} refuses {description}: {refusal.OrtMessage.Trim()}";
        throw new ModelRewriteException($"{head} {WayOut(refusal, transform, source, library)}", refusal);
    }

    private static string WayOut(OrtException refusal, IVariantTransform transform, OnnxModel source, OrtLibrary library)
    {
        if (RefusedNode.In(refusal.OrtMessage) is not { } node)
        {
            return "Exclude the node or op type it names (--exclude-node, --exclude-op) and try again.";
        }

        if (node.Name.Length == 0)
        {
            return $"That {node.OpType} node has no name, so it cannot be excluded by name: exclude its op type instead (--exclude-op {node.OpType}, or exclude_ops: [{node.OpType}] on the scenario's variant).";
        }

        var excluded = new List<string>();
        for (RefusedNode? next = node; next is { Name.Length: > 0 } && !excluded.Contains(next.Name) && excluded.Count < MaxExcludedNodes;)
        {
            excluded.Add(next.Name);
            var again = RetryWithout(excluded, transform, source, library, out var rewriteFailed);
            if (rewriteFailed)
            {
                break;
            }

            if (again is null)
            {
                return $"Leaving {Names(excluded)} as {(excluded.Count == 1 ? "it is" : "they are")} works (checked: the variant then loads): " +
                       $"{string.Join(" ", excluded.Select(n => $"--exclude-node {n}"))} with quantize, or exclude_nodes: [{string.Join(", ", excluded)}] on the scenario's variant.";
            }

            next = RefusedNode.In(again.OrtMessage);
        }

        return $"Leaving {Names(excluded)} out was not enough for ONNX Runtime to load it; exclude that node's op type (--exclude-op {node.OpType}) or report the model.";
    }

    private static string Names(List<string> nodes) => nodes.Count == 1 ? $"node '{nodes[0]}'" : $"nodes {string.Join(", ", nodes.Select(n => $"'{n}'"))}";

    /// <summary>The transform again without <paramref name="nodes"/>, written to a scratch folder and loaded; null when ORT accepts it.</summary>
    private static OrtException? RetryWithout(List<string> nodes, IVariantTransform transform, OnnxModel source, OrtLibrary library, out bool rewriteFailed)
    {
        var scratch = Directory.CreateTempSubdirectory("harness-exclusion-");
        try
        {
            var path = Path.Combine(scratch.FullName, "variant.onnx");
            transform.ExcludingNodes(nodes).Apply(source).Model.Save(path);
            rewriteFailed = false;
            return Refusal(path, library);
        }
        catch (ModelRewriteException)
        {
            rewriteFailed = true; // e.g. nothing left to transform: no exclusion to offer
            return null;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static OrtException? Refusal(string modelPath, OrtLibrary library)
    {
        try
        {
            using var environment = library.CreateEnvironment("harness-verify", OrtLoggingLevel.Error);
            using var options = new SessionOptions(library) { IntraOpThreads = 1, InterOpThreads = 1 };
            using var session = InferenceSession.FromFile(environment, modelPath, options);
            return null;
        }
        catch (OrtException e)
        {
            return e;
        }
    }

    /// <summary>The node ORT names in a refusal, in the four ways its messages name one.</summary>
    private sealed partial record RefusedNode(string Name, string OpType)
    {
        public static RefusedNode? In(string message)
        {
            if (MissingKernel().Match(message) is { Success: true } kernel)
            {
                return new RefusedNode(kernel.Groups["name"].Value, kernel.Groups["op"].Value);
            }

            if (TypeError().Match(message) is { Success: true } type)
            {
                return new RefusedNode(type.Groups["name"].Value, type.Groups["op"].Value);
            }

            if (Inference().Match(message) is { Success: true } inference)
            {
                return new RefusedNode(inference.Groups["name"].Value, inference.Groups["op"].Value);
            }

            return Checker().Match(message) is { Success: true } checker
                ? new RefusedNode(checker.Groups["name"].Value, checker.Groups["op"].Value)
                : null;
        }

        [GeneratedRegex(@"implementation for (?<op>\w+)\(\d+\) node with name '(?<name>[^']*)'")]
        private static partial Regex MissingKernel();

        [GeneratedRegex(@"of operator \((?<op>\w+)\) in node \((?<name>[^)]*)\)")]
        private static partial Regex TypeError();

        [GeneratedRegex(@"Node \((?<name>[^)]*)\) Op \((?<op>\w+)\)")]
        private static partial Regex Inference();

        [GeneratedRegex(@"In Node, \(""(?<name>[^""]*)"", (?<op>\w+),")]
        private static partial Regex Checker();
    }
}
