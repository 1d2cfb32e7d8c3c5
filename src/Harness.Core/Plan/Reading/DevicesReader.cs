using Harness.Devices;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads the scenario's <c>devices</c> block: the device file to emulate from (Harness's own
/// <c>devices.yaml</c> unless it names another) and profiles of its own added over that file's.
/// </summary>
internal static class DevicesReader
{
    private static readonly string[] Keys = ["table", "profiles"];

    public static DeviceTable Read(YamlNode? node, string file, string baseDirectory)
    {
        if (node is null)
        {
            return DeviceTableReader.ReadFile(DeviceTable.DefaultPath);
        }

        var map = new YamlMap(node, file, "devices", Keys);
        var tablePath = map.OptionalString("table") is { } given ? Path.GetFullPath(Path.Combine(baseDirectory, given)) : DeviceTable.DefaultPath;
        if (!File.Exists(tablePath))
        {
            throw map.Error(map.Require("table"), $"the device file {tablePath} does not exist");
        }

        var table = DeviceTableReader.ReadFile(tablePath);
        return map.Get("profiles") is { } profiles ? table.With(DeviceTableReader.ReadProfiles(profiles, file, "devices.profiles")) : table;
    }
}
