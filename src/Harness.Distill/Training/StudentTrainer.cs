using System.Diagnostics;
using System.Globalization;
using Harness.Distill.Students;
using TorchSharp;
using static TorchSharp.torch;

namespace Harness.Distill.Training;

/// <summary>One finished epoch, as the progress line shows it.</summary>
/// <param name="ValidationAccuracy">Accuracy on the held-out split: against labels where there are any, else against the teacher's choice.</param>
public sealed record EpochProgress(int Epoch, int Epochs, double Loss, double ValidationAccuracy, double SamplesPerSecond, TimeSpan Elapsed);

/// <summary>How a training went: every epoch, the one whose weights were kept, and why it stopped.</summary>
public sealed record TrainingReport(IReadOnlyList<EpochProgress> Epochs, int BestEpoch, double BestValidationAccuracy, double SamplesPerSecond, TimeSpan Elapsed, string StopReason);

/// <summary>
/// Trains a student on TorchSharp: seeded initialisation, split and shuffling; AdamW with a cosine
/// schedule over every step; the distillation loss; early stopping on the validation split (the
/// best epoch's weights are kept); a time budget checked after each step. A loss that is not a
/// finite number stops training with an error rather than export a broken student.
/// </summary>
public sealed class StudentTrainer(TrainingOptions options, Action<EpochProgress>? progress = null)
{
    private const int EvaluationBatch = 512;

    public TrainingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Builds the student (seeded) and trains it on <paramref name="set"/>; libtorch must be loaded (<see cref="Native.LibTorchRuntime"/>).</summary>
    public (StudentNetwork Network, TrainingReport Report) Train(StudentArchitecture architecture, TrainingSet set, int classes)
    {
        ArgumentNullException.ThrowIfNull(set);
        Options.Validate();
        if (set.TeacherLogits is null && set.Labels is null)
        {
            throw new DistillationException($"{set.Name} has neither labels nor teacher soft labels to train on");
        }

        torch.set_num_threads(Options.Threads);
        torch.manual_seed(Options.Seed);
        var network = new StudentNetwork(architecture, set.SampleShape, classes);
        try
        {
            return (network, Run(network, set, classes));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private TrainingReport Run(StudentNetwork network, TrainingSet set, int classes)
    {
        var order = Permutation(set.Count, new Random(Options.Seed));
        var validationCount = Math.Clamp((int)Math.Round(set.Count * Options.ValidationFraction), 1, set.Count - 1);
        var validation = order[^validationCount..];
        var train = order[..^validationCount];
        var stepsPerEpoch = (train.Length + Options.BatchSize - 1) / Options.BatchSize;
        using var optimizer = optim.AdamW(network.Model.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, Options.Epochs * stepsPerEpoch);
        var shuffle = new Random(Options.Seed + 1);
        var epochs = new List<EpochProgress>();
        var best = (Epoch: 0, Accuracy: double.NegativeInfinity, State: (Dictionary<string, Tensor>?)null);
        var started = Stopwatch.GetTimestamp();
        long trainingTicks = 0;
        long trained = 0;
        var stop = "all epochs run";
        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            var epochStarted = Stopwatch.GetTimestamp();
            shuffle.Shuffle(train);
            network.Model.train();
            double lossSum = 0;
            var seen = 0;
            var overBudget = false;
            for (var step = 0; step < stepsPerEpoch && !overBudget; step++)
            {
                using var scope = torch.NewDisposeScope();
                var batch = train.AsSpan(step * Options.BatchSize, Math.Min(Options.BatchSize, train.Length - (step * Options.BatchSize)));
                var (inputs, teacher, labels) = Gather(set, batch, classes);
                var loss = DistillationLoss.Compute(network.Forward(inputs), teacher, labels, Options.Temperature, Options.Alpha);
                var value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    throw new DistillationException(
                        $"training student '{network.Architecture.Name}' diverged: the loss is {value} at epoch {epoch}, step {step + 1}; lower the learning rate (now {Options.LearningRate}) or check the data for NaN{(Options.Threads > 1 ? "; or train with threads: 1 (libtorch's multithreaded convolution gradients have turned NaN on small images)" : string.Empty)}");
                }

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                schedule.step();
                lossSum += value * batch.Length;
                seen += batch.Length;
                // Checked every step, so one slow epoch cannot overrun the budget by an epoch's time.
                overBudget = Options.Budget is { } limit && Stopwatch.GetElapsedTime(started) >= limit;
            }

            trained += seen;
            trainingTicks += Stopwatch.GetTimestamp() - epochStarted;
            var accuracy = Accuracy(network, set, validation, classes);
            var samplesPerSecond = seen / Stopwatch.GetElapsedTime(epochStarted).TotalSeconds;
            var report = new EpochProgress(epoch, Options.Epochs, lossSum / seen, accuracy, samplesPerSecond, Stopwatch.GetElapsedTime(started));
            epochs.Add(report);
            progress?.Invoke(report);
            if (accuracy > best.Accuracy)
            {
                DisposeState(best.State);
                best = (epoch, accuracy, network.Snapshot());
            }
            else if (epoch - best.Epoch >= Options.Patience)
            {
                stop = $"no better validation accuracy for {Options.Patience} epochs";
                break;
            }

            if (overBudget)
            {
                stop = string.Create(CultureInfo.InvariantCulture, $"time budget of {Options.Budget!.Value.TotalSeconds:0} s reached in epoch {epoch} ({seen} of {train.Length} samples)");
                break;
            }
        }

        network.Restore(best.State!);
        DisposeState(best.State);
        network.Model.eval();
        var throughput = trained / (trainingTicks / (double)Stopwatch.Frequency);
        return new TrainingReport(epochs, best.Epoch, best.Accuracy, throughput, Stopwatch.GetElapsedTime(started), stop);
    }

    /// <summary>Fraction of <paramref name="indices"/> the student classifies as the labels (or, without labels, the teacher) do.</summary>
    private static double Accuracy(StudentNetwork network, TrainingSet set, int[] indices, int classes)
    {
        network.Model.eval();
        using var noGrad = torch.no_grad();
        long correct = 0;
        for (var start = 0; start < indices.Length; start += EvaluationBatch)
        {
            using var scope = torch.NewDisposeScope();
            var batch = indices.AsSpan(start, Math.Min(EvaluationBatch, indices.Length - start));
            var (inputs, teacher, labels) = Gather(set, batch, classes);
            var truth = labels ?? teacher!.argmax(1);
            correct += network.Forward(inputs).argmax(1).eq(truth).sum().item<long>();
        }

        network.Model.train();
        return correct / (double)indices.Length;
    }

    private static (Tensor Inputs, Tensor? Teacher, Tensor? Labels) Gather(TrainingSet set, ReadOnlySpan<int> batch, int classes)
    {
        var size = set.SampleSize;
        var inputs = new float[batch.Length * size];
        var teacher = set.TeacherLogits is null ? null : new float[batch.Length * classes];
        var labels = set.Labels is null ? null : new long[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var sample = batch[i];
            set.Inputs.AsSpan(sample * size, size).CopyTo(inputs.AsSpan(i * size));
            set.TeacherLogits?.AsSpan(sample * classes, classes).CopyTo(teacher.AsSpan(i * classes));
            if (labels is not null)
            {
                labels[i] = set.Labels![sample];
            }
        }

        long[] shape = [batch.Length, .. set.SampleShape];
        return (
            torch.tensor(inputs, shape),
            teacher is null ? null : torch.tensor(teacher, [batch.Length, classes]),
            labels is null ? null : torch.tensor(labels));
    }

    private static int[] Permutation(int count, Random random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null)
        {
            return;
        }

        foreach (var tensor in state.Values)
        {
            tensor.Dispose();
        }
    }
}
