namespace Harness.Devices;

/// <summary>
/// The device profiles a scenario may emulate: Harness's own <c>devices.yaml</c> (or a file the
/// scenario names), with the scenario's own profiles added over it.
/// </summary>
public sealed record DeviceTable(IReadOnlyDictionary<string, DeviceProfile> Profiles)
{
    /// <summary>The device table shipped with Harness, copied beside its binaries.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "devices.yaml");

    /// <summary>The table with <paramref name="added"/> profiles over it; one of the same name replaces the table's.</summary>
    public DeviceTable With(IReadOnlyDictionary<string, DeviceProfile> added)
    {
        var merged = new Dictionary<string, DeviceProfile>(Profiles, StringComparer.Ordinal);
        foreach (var (name, profile) in added)
        {
            merged[name] = profile;
        }

        return new DeviceTable(merged);
    }
}
