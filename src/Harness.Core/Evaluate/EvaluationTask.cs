namespace Harness.Evaluate;

/// <summary>What a model's first output means, which decides how it becomes a prediction.</summary>
public enum EvaluationTask
{
    /// <summary>[N, classes] scores; compared with a class label.</summary>
    Classification,

    /// <summary>[N, time, classes] CTC scores, greedily decoded to text; compared with a text label.</summary>
    CtcText,
}

public static class EvaluationTasks
{
    /// <summary>The scenario names: "classification" and "ctc-text".</summary>
    public static EvaluationTask Parse(string name) => name switch
    {
        "classification" => EvaluationTask.Classification,
        "ctc-text" => EvaluationTask.CtcText,
        _ => throw new ArgumentException($"Unknown evaluation task '{name}'; use classification or ctc-text.", nameof(name)),
    };

    public static string Name(this EvaluationTask task) => task == EvaluationTask.CtcText ? "ctc-text" : "classification";
}
