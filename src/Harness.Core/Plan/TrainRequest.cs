using Harness.Distill.Training;

namespace Harness.Plan;

/// <summary>
/// A model the harness trains itself (<c>train:</c> instead of <c>path:</c>), on a dataset's
/// training split and its labels: a teacher for distillation, say. The run trains it once, before
/// any job, into a cache folder named by these settings; later runs find it there.
/// </summary>
/// <param name="Architecture">A preset name or layers separated by commas.</param>
/// <param name="Samples">Training samples read from the dataset (the first ones).</param>
public sealed record TrainRequest(string Architecture, string Dataset, int Samples, TrainingOptions Options);
