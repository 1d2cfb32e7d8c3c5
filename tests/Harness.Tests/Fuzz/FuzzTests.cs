using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Plan;
using Harness.Tests.Cli;

namespace Harness.Tests.Fuzz;

/// <summary>
/// Seeded, bounded fuzzing of what users hand Harness: damaged scenario files and damaged model
/// files. Every input must either work or be refused with one clear line; an unhandled exception
/// (a bug, shown with a stack trace) fails the test and names the seed that reproduces it.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int ScenarioMutationsPerFile = 120;
    private const int ModelMutations = 300;

    private readonly string scratch = TestAssets.NewScratchDirectory("fuzz");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    public static TheoryData<string> ShippedScenarios() =>
        [.. Directory.GetFiles(Path.Combine(TestAssets.RepositoryRoot, "scenarios"), "*.yaml")
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "prices.yaml")
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void A_damaged_scenario_is_planned_or_refused_at_a_line_and_column(string name)
    {
        // Parsed as if it stood where the original does, so its relative paths and assets resolve.
        var path = Path.Combine(TestAssets.RepositoryRoot, "scenarios", name);
        var original = File.ReadAllText(path);
        var bugs = new List<string>();
        for (var seed = 0; seed < ScenarioMutationsPerFile; seed++)
        {
            var mutated = Mutator.MutateText(original, new Random(seed));
            try
            {
                JobPlanner.Plan(ScenarioParser.Parse(mutated, path));
            }
            catch (ScenarioException e)
            {
                if (!e.Message.StartsWith($"{path}:{e.Line}:{e.Column}: ", StringComparison.Ordinal) || e.Line < 1 || e.Column < 1 || e.Message.Contains('\n', StringComparison.Ordinal))
                {
                    bugs.Add($"{Mutator.Describe("scenario", seed)}: unlocated or multi-line message: {e.Message}");
                }
            }
#pragma warning disable CA1031 // the point is to catch whatever escapes, and report it with its seed
            catch (Exception e)
#pragma warning restore CA1031
            {
                bugs.Add($"{Mutator.Describe("scenario", seed)}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(bugs.Count == 0, string.Join('\n', bugs.Take(10)));
    }

    [Fact]
    public void A_damaged_model_is_inspected_or_refused_with_one_error_line_and_exit_2()
    {
        var original = SmallModel().ToBytes();
        var path = Path.Combine(scratch, "m.onnx");
        var bugs = new List<string>();
        for (var seed = 0; seed < ModelMutations; seed++)
        {
            File.WriteAllBytes(path, Mutator.MutateBytes(original, new Random(seed)));
            var (exit, _, error) = CliHarness.InvokeCaptured("inspect", path, "--json");
            var lines = error.TrimEnd().Split('\n');
            var clear = exit == 0 || (exit == 2 && lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal));
            if (!clear)
            {
                bugs.Add($"{Mutator.Describe("model", seed)}: exit {exit}: {lines[0]}");
            }
        }

        Assert.True(bugs.Count == 0, string.Join('\n', bugs.Take(10)));
    }

    /// <summary>A small graph with the parts a reader must get right: typed inputs, initializers, attributes, several nodes.</summary>
    private static OnnxModel SmallModel() =>
        new GraphBuilder("fuzz")
            .Input("x", TensorElementType.Float, Dimension.FromString("batch"), Dimension.FromInt64(2), Dimension.FromInt64(4), Dimension.FromInt64(4))
            .Input("steps", TensorElementType.Int64, Dimension.FromInt64(1))
            .Output("y", TensorElementType.Float, Dimension.FromString("batch"), Dimension.FromInt64(3))
            .Initializer("W", Enumerable.Range(0, 3 * 2 * 3 * 3).Select(i => i / 10f).ToArray(), 3, 2, 3, 3)
            .Initializer("B", new[] { 0.1f, -0.2f, 0.3f }, 3)
            .Node("Conv", ["x", "W", "B"], ["c"], NodeAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["c"], ["r"])
            .Node("GlobalAveragePool", ["r"], ["p"])
            .Node("Flatten", ["p"], ["y"])
            .Build();
}
