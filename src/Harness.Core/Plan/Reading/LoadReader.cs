using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads one entry of <c>loads</c> (the scenario's or a model's own): a bare load name for the
/// kinds that need no settings, or a mapping with <c>type</c> and the keys that kind accepts.
/// </summary>
internal static class LoadReader
{
    private static readonly string[] Keys =
        ["type", "batch_size", "batch_sizes", "percentile", "samples_per_query", "interval", "qps", "search", "slo", "batcher", "clients", "min_gain"];

    private static readonly string[] BatcherKeys = ["max_batch", "max_queue_delay", "preferred_sizes"];

    private static readonly Dictionary<string, LoadKind> Kinds = new()
    {
        ["single-stream"] = LoadKind.SingleStream,
        ["multi-stream"] = LoadKind.MultiStream,
        ["server"] = LoadKind.Server,
        ["offline"] = LoadKind.Offline,
        ["concurrency-sweep"] = LoadKind.ConcurrencySweep,
    };

    /// <summary>Which keys apply to which kinds; any other key present is a mistake worth reporting.</summary>
    private static readonly (string Key, LoadKind[] Kinds)[] KindOnlyKeys =
    [
        ("batch_size", [LoadKind.SingleStream, LoadKind.Offline]),
        ("batch_sizes", [LoadKind.SingleStream, LoadKind.Offline]),
        ("samples_per_query", [LoadKind.MultiStream]),
        ("interval", [LoadKind.MultiStream]),
        ("qps", [LoadKind.Server]),
        ("search", [LoadKind.Server]),
        ("slo", [LoadKind.Server]),
        ("batcher", [LoadKind.Server, LoadKind.MultiStream]),
        ("clients", [LoadKind.ConcurrencySweep]),
        ("min_gain", [LoadKind.ConcurrencySweep]),
    ];

    private static readonly IReadOnlyList<int> DefaultClients = [1, 2, 4, 8, 16];

    /// <summary>Server rates above this are not a load any single machine can be offered one query at a time.</summary>
    private const double HighestQps = 1_000_000;

    /// <summary>
    /// Reads a whole loads list. Two entries that would make the same job (the same kind and
    /// settings twice, say) are refused at the second one, where the user can see and fix it.
    /// </summary>
    public static List<LoadSpec> ReadAll(YamlSequenceNode list, string file)
    {
        var loads = new List<LoadSpec>(list.Children.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var load = Read(list.Children[i], file, i);
            var batches = load.Kind is LoadKind.SingleStream or LoadKind.Offline ? load.BatchSizes : [1];
            foreach (var id in batches.Select(batch => LoadNames.IdOf(load, batch)))
            {
                if (!seen.Add(id))
                {
                    throw YamlMap.Error(file, list.Children[i], $"loads[{i}] repeats the load '{id}' given earlier in this list; remove one or change its settings");
                }
            }

            loads.Add(load);
        }

        return loads;
    }

    public static LoadSpec Read(YamlNode node, string file, int index)
    {
        if (node is YamlScalarNode { Value: { } bare })
        {
            return Bare(bare, node, file);
        }

        var map = new YamlMap(node, file, $"loads[{index}]", Keys);
        if (!map.Has("type"))
        {
            throw map.Error(node, $"loads[{index}] needs 'type' (one of: {string.Join(", ", Kinds.Keys)})");
        }

        var kind = map.ReadChoice(map.Require("type"), "type", Kinds);
        var context = $"loads[{index}] ({map.RequireString("type")})";
        foreach (var (key, kinds) in KindOnlyKeys)
        {
            if (map.Get(key) is { } present && !kinds.Contains(kind))
            {
                throw map.Error(present, $"'{key}' does not apply to {context}");
            }
        }

        var percentile = map.Get("percentile") is { } percentileNode ? ReadPercentile(map, percentileNode) : DefaultPercentile(kind);
        var load = new LoadSpec(kind, BatchSizes(map), percentile);
        return kind switch
        {
            LoadKind.MultiStream => load with
            {
                SamplesPerQuery = map.OptionalInt("samples_per_query", 8, 1, 1 << 16),
                Interval = map.OptionalDuration("interval", TimeSpan.FromMilliseconds(50)),
                Batcher = ReadBatcher(map),
            },
            LoadKind.Server => Server(map, node, context, load),
            LoadKind.ConcurrencySweep => load with
            {
                Clients = map.OptionalSequence("clients") is { } clientList
                    ? clientList.Children.Select(c => map.ReadInt(c, "clients", 1, 1024)).ToList()
                    : DefaultClients,
                MinGain = map.Get("min_gain") is { } gainNode ? map.ReadFraction(gainNode, "min_gain") : 0.05,
            },
            _ => load,
        };
    }

    private static LoadSpec Bare(string name, YamlNode node, string file)
    {
        if (!Kinds.TryGetValue(name, out var kind))
        {
            throw YamlMap.Error(file, node, $"unknown load '{name}'; expected one of: {string.Join(", ", Kinds.Keys)}");
        }

        return kind switch
        {
            LoadKind.SingleStream or LoadKind.Offline => new LoadSpec(kind, [1], DefaultPercentile(kind)),
            LoadKind.ConcurrencySweep => new LoadSpec(kind, [1], 0.99, Clients: DefaultClients),
            _ => throw YamlMap.Error(file, node, $"load '{name}' needs settings; write it as a mapping with 'type: {name}' and its keys"),
        };
    }

    private static List<int> BatchSizes(YamlMap map)
    {
        if (map.Get("batch_sizes") is { } listNode)
        {
            var list = map.OptionalSequence("batch_sizes")!;
            return list.Children.Count == 0
                ? throw map.Error(listNode, "'batch_sizes' is empty; give at least one batch size")
                : list.Children.Select(child => map.ReadInt(child, "batch_sizes", 1, 1 << 20)).Distinct().ToList();
        }

        return map.Get("batch_size") is { } sizeNode ? [map.ReadInt(sizeNode, "batch_size", 1, 1 << 20)] : [1];
    }

    /// <summary>A server load runs at one rate (<c>qps</c>) or searches for the highest rate that meets its SLO.</summary>
    private static LoadSpec Server(YamlMap map, YamlNode node, string context, LoadSpec load)
    {
        var search = map.Get("search") is { } searchNode
            ? map.ScalarText(searchNode, "search") == "peak-qps" ? true : throw map.Error(searchNode, "'search' must be 'peak-qps'")
            : false;
        double? qps = null;
        if (map.Get("qps") is { } qpsNode)
        {
            qps = map.ReadDouble(qpsNode, "qps");
            if (qps is <= 0 or > HighestQps)
            {
                throw map.Error(qpsNode, $"'qps' in {context} is {map.ScalarText(qpsNode, "qps")}; expected a rate above 0 and at most {HighestQps:0}");
            }
        }

        if (search == qps.HasValue)
        {
            throw map.Error(node, $"{context} needs either 'qps: N' (one run at that rate) or 'search: peak-qps' (find the highest rate that meets the SLO)");
        }

        var slo = map.Get("slo") is { } sloNode ? map.ReadDuration(sloNode, "slo") : (TimeSpan?)null;
        if (search && slo is null)
        {
            throw map.Error(node, $"{context}: 'search: peak-qps' needs 'slo', the latency bound, e.g. slo: 20ms");
        }

        return load with { TargetQps = qps, SearchPeakQps = search, Slo = slo, Batcher = ReadBatcher(map) };
    }

    private static BatcherSpec? ReadBatcher(YamlMap parent)
    {
        if (parent.Get("batcher") is not { } node)
        {
            return null;
        }

        var map = new YamlMap(node, parent.File, "batcher", BatcherKeys);
        var max = map.OptionalInt("max_batch", 8, 1, 4096);
        var preferred = map.OptionalSequence("preferred_sizes") is { } list
            ? list.Children.Select(c => map.ReadInt(c, "preferred_sizes", 1, max)).Distinct().Order().ToList()
            : [];
        return new BatcherSpec(max, map.OptionalDuration("max_queue_delay", TimeSpan.FromMilliseconds(2)), preferred);
    }

    private static double DefaultPercentile(LoadKind kind) => kind == LoadKind.SingleStream ? 0.90 : 0.99;

    /// <summary>Percentiles are written as percent (90, 99, 99.9), the way people say them.</summary>
    private static double ReadPercentile(YamlMap map, YamlNode node)
    {
        var value = map.ReadDouble(node, "percentile");
        return value is > 0 and < 100
            ? value / 100
            : throw map.Error(node, $"'percentile' is {value}; expected a percent between 0 and 100 such as 90, 99 or 99.9");
    }
}
