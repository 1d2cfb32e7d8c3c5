using Harness.Evaluate.Metrics;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class ClassificationMetricsTests
{
    // Four predictions over three classes:
    //   label 0, [0.7 0.2 0.1] → predicts 0, right
    //   label 1, [0.5 0.3 0.2] → predicts 0, wrong; class 1 is second
    //   label 2, [0.1 0.1 0.8] → predicts 2, right
    //   label 1, [0.2 0.6 0.2] → predicts 1, right
    private static readonly ClassificationPrediction[] FourPredictions =
    [
        Scored(0, 0.7f, 0.2f, 0.1f),
        Scored(1, 0.5f, 0.3f, 0.2f),
        Scored(2, 0.1f, 0.1f, 0.8f),
        Scored(1, 0.2f, 0.6f, 0.2f),
    ];

    // Six predictions, four model outputs, (label → predicted): 0→0, 0→1, 1→1, 1→1, 2→0, 2→1.
    // Class 3 is neither a label nor predicted.
    //   class 0: TP 1, predicted 2 (0→0, 2→0), support 2 → P 1/2, R 1/2, F1 2·1/(2+2) = 1/2
    //   class 1: TP 2, predicted 4 (0→1, 1→1, 1→1, 2→1), support 2 → P 2/4, R 2/2, F1 2·2/(4+2) = 2/3
    //   class 2: TP 0, predicted 0, support 2 → P 0 (never predicted: defined 0), R 0, F1 0
    //   macro over the observed classes 0, 1, 2: P (1/2 + 1/2 + 0)/3 = 1/3, R (1/2 + 1 + 0)/3 = 1/2,
    //   F1 (1/2 + 2/3 + 0)/3 = 7/18
    private static readonly ClassificationPrediction[] SixPredictions =
    [
        Predicting(0, 0, 4),
        Predicting(0, 1, 4),
        Predicting(1, 1, 4),
        Predicting(1, 1, 4),
        Predicting(2, 0, 4),
        Predicting(2, 1, 4),
    ];

    [Fact]
    public void Top1_Counts_Argmax_Hits()
    {
        // 3 of 4 right.
        Assert.Equal(0.75, new Top1Accuracy().Compute(FourPredictions));
    }

    [Fact]
    public void TopK_Counts_The_Label_Within_The_K_Best()
    {
        // The one miss has its label second, so top-2 takes all four; top-1 through TopK matches Top1Accuracy.
        Assert.Equal(1.0, new TopKAccuracy(2).Compute(FourPredictions));
        Assert.Equal(0.75, new TopKAccuracy(1).Compute(FourPredictions));
        Assert.Equal("top5", new TopKAccuracy().Name);
        Assert.Equal(1.0, new TopKAccuracy(5).Compute(FourPredictions));
    }

    [Fact]
    public void Ties_Go_To_The_Lower_Class_Index_In_Top1_And_TopK_Alike()
    {
        // [0.5 0.5 0] with label 1: argmax picks class 0, so top-1 misses; class 1 is rank 1, so top-2 hits.
        ClassificationPrediction[] tie = [Scored(1, 0.5f, 0.5f, 0f)];
        Assert.Equal(0, ScoreVector.ArgMax(tie[0].Scores));
        Assert.Equal(0.0, new Top1Accuracy().Compute(tie));
        Assert.Equal(0.0, new TopKAccuracy(1).Compute(tie));
        Assert.Equal(1.0, new TopKAccuracy(2).Compute(tie));
    }

    [Fact]
    public void ConfusionMatrix_Counts_Label_Against_Prediction()
    {
        var matrix = ConfusionMatrix.From(SixPredictions);
        // Rows are labels, columns predictions.
        int[] expected =
        [
            1, 1, 0, 0,
            0, 2, 0, 0,
            1, 1, 0, 0,
            0, 0, 0, 0,
        ];
        Assert.Equal(new ConfusionMatrix(4, expected), matrix);
        Assert.Equal(6, matrix.Total);
        Assert.Equal(4, matrix.PredictedCount(1));
        Assert.Equal(2, matrix.Support(2));
        Assert.Equal(1, matrix[2, 0]);
    }

    [Fact]
    public void Precision_Recall_F1_Per_Class_Are_Exact()
    {
        var scores = ClassScores.PerClass(ConfusionMatrix.From(SixPredictions));
        Assert.Equal(new ClassScores(0, Support: 2, Predicted: 2, TruePositives: 1, 0.5, 0.5, 0.5), scores[0]);
        Assert.Equal(new ClassScores(1, Support: 2, Predicted: 4, TruePositives: 2, 0.5, 1.0, 2.0 / 3), scores[1]);
        // Never predicted: precision is 0 by definition, not NaN.
        Assert.Equal(new ClassScores(2, Support: 2, Predicted: 0, TruePositives: 0, 0, 0, 0), scores[2]);
        Assert.False(scores[3].IsObserved);

        Assert.Equal(0.5, new Precision(1).Compute(SixPredictions), 12);
        Assert.Equal(1.0, new Recall(1).Compute(SixPredictions), 12);
        Assert.Equal(2.0 / 3, new F1Score(1).Compute(SixPredictions), 12);
        Assert.Equal("f1[1]", new F1Score(1).Name);
    }

    [Fact]
    public void Macro_Averages_Cover_Observed_Classes_Only()
    {
        // Class 3 is in neither labels nor predictions, so it does not pull the averages down.
        Assert.Equal(1.0 / 3, new Precision().Compute(SixPredictions), 12);
        Assert.Equal(0.5, new Recall().Compute(SixPredictions), 12);
        Assert.Equal(7.0 / 18, new F1Score().Compute(SixPredictions), 12);
    }

    [Fact]
    public void Per_Class_Metric_For_A_Class_The_Model_Does_Not_Have_Is_An_Error()
    {
        Assert.Throws<ArgumentException>(() => new Precision(7).Compute(SixPredictions));
    }

    [Fact]
    public void LogLoss_Is_Exact_For_Probabilities()
    {
        // Label probabilities 1/2, 1/4, 1/8 (exact in float): (ln 2 + 2 ln 2 + 3 ln 2) / 3 = 2 ln 2.
        ClassificationPrediction[] predictions =
        [
            Scored(0, 0.5f, 0.25f, 0.25f),
            Scored(1, 0.5f, 0.25f, 0.25f),
            Scored(2, 0.125f, 0.75f, 0.125f),
        ];
        Assert.Equal(2 * Math.Log(2), new LogLoss().Compute(predictions), 12);
    }

    [Fact]
    public void LogLoss_Applies_Softmax_To_Logits()
    {
        // Logits [2, 0], label 0: p = e²/(e² + 1), loss = ln(1 + e⁻²).
        // Logits [1 1 1 1] sum to 4, so they are logits, not probabilities: p = 1/4, loss = ln 4.
        ClassificationPrediction[] predictions = [Scored(0, 2f, 0f), Scored(3, 1f, 1f, 1f, 1f)];
        Assert.Equal(Math.Log(1 + Math.Exp(-2)), LogLoss.Loss(predictions[0]), 12);
        Assert.Equal(Math.Log(4), LogLoss.Loss(predictions[1]), 12);
    }

    [Fact]
    public void LogLoss_Clamps_A_Zero_Probability_At_1e_15()
    {
        // −ln(1e-15) = 15 ln 10 ≈ 34.539 instead of infinity.
        Assert.Equal(15 * Math.Log(10), LogLoss.Loss(Scored(1, 1f, 0f)), 10);
    }

    [Fact]
    public void Softmax_Is_Stable_For_Large_Logits()
    {
        var probabilities = new float[3];
        ScoreVector.Softmax([1000f, 1000f, -1000f], probabilities);
        Assert.Equal([0.5f, 0.5f, 0f], probabilities);
        Assert.True(ScoreVector.IsDistribution([0.2f, 0.8f]));
        Assert.False(ScoreVector.IsDistribution([2f, -1f]));
        Assert.Equal(0.75, ScoreVector.TopProbability(ClassificationPrediction.FromLogits(0, [0f, MathF.Log(3)], TestPredictions.Slice("a", "b")).Scores), 6);
    }

    [Fact]
    public void Prediction_Rejects_A_Label_Outside_Its_Scores()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Scored(3, 0.5f, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scored(-1, 0.5f, 0.5f));
        Assert.Throws<ArgumentException>(() => Scored(0));
    }

    [Fact]
    public void Metrics_Reject_Empty_Input_And_Mixed_Class_Counts()
    {
        Assert.Throws<ArgumentException>(() => new Top1Accuracy().Compute([]));
        Assert.Throws<ArgumentException>(() => new F1Score().Compute([Scored(0, 1f, 0f), Scored(0, 1f, 0f, 0f)]));
    }
}
