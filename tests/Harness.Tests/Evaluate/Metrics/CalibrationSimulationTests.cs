using Harness.Evaluate.Metrics;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

/// <summary>ECE on synthetic models whose calibration is known by construction; fixed seeds.</summary>
public sealed class CalibrationSimulationTests
{
    /// <summary>
    /// Simulation: confidence c drawn uniformly from [0.5, 1], the prediction right with probability
    /// exactly c. Calibrated by construction, so ECE is sampling noise only: with 200k predictions
    /// about 27k per occupied bin, a standard error per bin near 0.003.
    /// </summary>
    [Fact]
    public void ECE_Is_Near_Zero_For_A_Calibrated_Model()
    {
        var random = new Random(2024);
        var predictions = new ClassificationPrediction[200_000];
        for (var i = 0; i < predictions.Length; i++)
        {
            var confidence = 0.5 + (0.5 * random.NextDouble());
            predictions[i] = Binary(confidence, random.NextDouble() < confidence);
        }

        Assert.InRange(new ExpectedCalibrationError().Compute(predictions), 0, 0.01);
    }

    /// <summary>Same draw, but right only with probability c − 0.2: ECE should find the 0.2 gap.</summary>
    [Fact]
    public void ECE_Finds_Overconfidence()
    {
        var random = new Random(2025);
        var predictions = new ClassificationPrediction[200_000];
        for (var i = 0; i < predictions.Length; i++)
        {
            var confidence = 0.5 + (0.5 * random.NextDouble());
            predictions[i] = Binary(confidence, random.NextDouble() < confidence - 0.2);
        }

        Assert.InRange(new ExpectedCalibrationError().Compute(predictions), 0.19, 0.21);
    }
}
