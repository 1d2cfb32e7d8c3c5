using Harness.Price;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads the scenario's <c>pricing</c> block and each target's <c>price</c> and <c>deployment</c>,
/// checking every name against the price table before anything runs.
/// </summary>
internal static class PricingReader
{
    private static readonly string[] Keys = ["table", "demand", "headroom", "slo"];
    private static readonly string[] PriceKeys = ["instance", "device", "electricity"];

    /// <summary>The price table shipped with Harness, copied beside its binaries.</summary>
    public static string DefaultTablePath => Path.Combine(AppContext.BaseDirectory, "prices.yaml");

    public static (PricingSpec Spec, PriceTable Table) Read(YamlNode? node, string file, string baseDirectory)
    {
        if (node is null)
        {
            return (new PricingSpec(DefaultTablePath, null, 1.25), PriceTableReader.ReadFile(DefaultTablePath));
        }

        var map = new YamlMap(node, file, "pricing", Keys);
        var tablePath = map.OptionalString("table") is { } given ? Path.GetFullPath(Path.Combine(baseDirectory, given)) : DefaultTablePath;
        if (!File.Exists(tablePath))
        {
            throw map.Error(map.Require("table"), $"the price table {tablePath} does not exist");
        }

        double? demand = map.Get("demand") is { } demandNode ? NonNegative(map, demandNode, "demand") : null;
        var headroom = map.Get("headroom") is { } headroomNode ? map.ReadDouble(headroomNode, "headroom") : 1.25;
        if (headroom < 1)
        {
            throw map.Error(map.Require("headroom"), $"'headroom' in pricing is {headroom}; expected a factor of at least 1 (1.25 keeps 25% spare)");
        }

        double? slo = map.Get("slo") is { } sloNode ? map.ReadDuration(sloNode, "slo").TotalMilliseconds : null;
        return (new PricingSpec(tablePath, demand, headroom) { SloMs = slo }, PriceTableReader.ReadFile(tablePath));
    }

    /// <summary>A target's <c>price</c> (an instance, or a device with its electricity) and <c>deployment</c>, each a name the table holds.</summary>
    public static TargetPrice? ReadTarget(YamlMap target, PriceTable table)
    {
        var deployment = target.Get("deployment") is { } deploymentNode ? Choose(target, deploymentNode, "deployment", table.Deployments.Keys) : null;
        if (target.Get("price") is not { } priceNode)
        {
            return deployment is null ? null : new TargetPrice(null, null, null, deployment);
        }

        var price = new YamlMap(priceNode, target.File, target.Context + ".price", PriceKeys);
        var instance = price.Get("instance") is { } i ? Choose(price, i, "instance", table.Instances.Keys) : null;
        var device = price.Get("device") is { } d ? Choose(price, d, "device", table.Devices.Keys) : null;
        if ((instance is null) == (device is null))
        {
            throw price.Error(priceNode, "a price names either an 'instance' (a cloud instance) or a 'device' (an edge device), not both or neither");
        }

        var electricity = price.Get("electricity") is { } e ? Choose(price, e, "electricity", table.Electricity.Keys) : null;
        if (device is not null && electricity is null)
        {
            electricity = table.Electricity.Keys.FirstOrDefault()
                ?? throw price.Error(priceNode, "an edge device's running cost needs an electricity price, and the price table has none");
        }

        return new TargetPrice(instance, device, electricity, deployment);
    }

    private static string Choose(YamlMap map, YamlNode node, string what, IEnumerable<string> names) =>
        map.ReadChoice(node, what, names.ToDictionary(n => n, n => n, StringComparer.Ordinal));

    private static double NonNegative(YamlMap map, YamlNode node, string what)
    {
        var text = map.ScalarText(node, what).Trim();
        var number = text.EndsWith("qps", StringComparison.Ordinal) ? text[..^3].Trim() : text;
        return double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw map.Error(node, $"'{what}' in pricing is '{text}'; expected a rate of 0 or more queries per second, such as 500 or 500qps");
    }
}
