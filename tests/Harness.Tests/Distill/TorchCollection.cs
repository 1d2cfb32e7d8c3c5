namespace Harness.Tests.Distill;

/// <summary>
/// Tests that train or run TorchSharp in this process run one after another: libtorch's random
/// generator (<c>torch.manual_seed</c>) and its thread count are process-wide, and a seeded
/// training run whose generator another test draws from at the same time is neither
/// reproducible nor, on tiny data, always stable.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}
