namespace Harness.Data;

/// <summary>
/// Everything about a sample except its tensors: its position in the dataset, an id a user can
/// find it by (a file name, or file[index]), its label and its slice attributes (font, size…).
/// </summary>
public sealed record SampleInfo(int Index, string Id, SampleLabel Label, IReadOnlyDictionary<string, string> Slices);
