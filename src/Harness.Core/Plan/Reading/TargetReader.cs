using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads one entry of <c>targets</c>. Each execution knob may be a list, and the target expands into
/// one per combination (named <c>cpu-t1</c>, <c>cpu-t2</c>, …) so knobs are swept like any other axis.
/// </summary>
internal static class TargetReader
{
    private static readonly string[] Keys = ["name", "device", "threads", "inter_op_threads", "graph_optimization", "execution_mode", "price", "deployment", "device_id", "cudnn_conv_algo_search", "gpu_mem_limit", "url", "token_file", "ca", "profile", "cores", "pin", "spin_wait", "memory_limit", "projected"];

    private static readonly Dictionary<string, TargetDevice> Devices = new() { ["cpu"] = TargetDevice.Cpu, ["noop"] = TargetDevice.NoOp, ["cuda"] = TargetDevice.Cuda, ["agent"] = TargetDevice.Agent, ["edge"] = TargetDevice.Edge };

    private static readonly Dictionary<string, string> ConvSearches = new() { ["exhaustive"] = "exhaustive", ["heuristic"] = "heuristic", ["default"] = "default" };

    private static readonly string[] CudaOnlyKeys = ["device_id", "cudnn_conv_algo_search", "gpu_mem_limit"];

    private static readonly string[] AgentOnlyKeys = ["url", "token_file", "ca"];

    /// <summary>An emulated device's cores and memory are its profile's: these would contradict it.</summary>
    private static readonly string[] ProfileDecidedKeys = ["cores", "pin", "memory_limit"];

    private static readonly Dictionary<string, GraphOptimization> OptimizationLevels = new()
    {
        ["disabled"] = GraphOptimization.Disabled,
        ["basic"] = GraphOptimization.Basic,
        ["extended"] = GraphOptimization.Extended,
        ["all"] = GraphOptimization.All,
    };

    private static readonly Dictionary<string, ExecutionMode> ExecutionModes = new() { ["sequential"] = ExecutionMode.Sequential, ["parallel"] = ExecutionMode.Parallel };

    /// <summary>A knob's value with the text it was written as, which names the expanded target.</summary>
    private readonly record struct Setting<T>(string Text, T Value);

    /// <param name="priceTable">The scenario's price table, loaded only when a target names a price or deployment.</param>
    /// <param name="deviceTable">The scenario's device profiles, loaded only when a target emulates a device.</param>
    public static List<TargetSpec> Read(YamlNode node, string file, int index, Func<Price.PriceTable> priceTable, Func<Devices.DeviceTable> deviceTable)
    {
        var map = new YamlMap(node, file, $"targets[{index}]", Keys);
        var name = map.RequireString("name");
        var device = map.OptionalChoice("device", TargetDevice.Cpu, Devices);
        var price = map.Has("price") || map.Has("deployment") ? PricingReader.ReadTarget(map, priceTable()) : null;
        var profile = device == TargetDevice.Edge ? ReadProfile(map, deviceTable()) : null;
        if (profile is null && map.Get("profile") is { } stray)
        {
            throw map.Error(stray, $"'profile' applies to edge targets only; targets[{index}] is a {map.OptionalString("device") ?? "cpu"} target (device: edge emulates a profile)");
        }

        if (profile is not null && ProfileDecidedKeys.FirstOrDefault(map.Has) is { } decided)
        {
            throw map.Error(map.Require(decided), $"'{decided}' does not apply to an edge target: it runs on its profile's {profile.Cores} cores and {profile.MemoryBytes >> 20} MiB ('{profile.Name}'); use a cpu target to choose them");
        }

        if (profile?.PriceEntry is { } entry && price?.Instance is null && price?.Device is null)
        {
            price = PriceOf(map, profile, entry, price, priceTable());
        }

        var placement = ReadPlacement(map, profile);
        if (map.Get("projected") is { } projectedNode && map.OptionalBool("projected", false))
        {
            if (profile is null)
            {
                throw map.Error(projectedNode, $"'projected' applies to edge targets only: it scales their emulated figures by their profile's published peaks");
            }

            placement.Emulation = placement.Emulation! with
            {
                Published = profile.Performance ?? throw map.Error(projectedNode, $"profile '{profile.Name}' publishes no performance figures (peak_fp32, memory_bandwidth) to project onto; add them to its 'performance', or drop 'projected'"),
            };
        }

        var cuda = device == TargetDevice.Cuda ? ReadCuda(map) : null;
        if (device != TargetDevice.Cuda && CudaOnlyKeys.FirstOrDefault(map.Has) is { } misplaced)
        {
            throw map.Error(map.Require(misplaced), $"'{misplaced}' applies to cuda targets only; targets[{index}] is a {map.OptionalString("device") ?? "cpu"} target");
        }

        var agent = device == TargetDevice.Agent ? ReadAgent(map, file) : null;
        if (device != TargetDevice.Agent && AgentOnlyKeys.FirstOrDefault(map.Has) is { } agentKey)
        {
            throw map.Error(map.Require(agentKey), $"'{agentKey}' applies to agent targets only; targets[{index}] is a {map.OptionalString("device") ?? "cpu"} target");
        }

        var defaultThreads = profile?.Cores ?? 0;
        var threads = Sweep(map, "threads", v => map.ReadInt(v, "threads", 0, 1024), new(defaultThreads.ToString(System.Globalization.CultureInfo.InvariantCulture), defaultThreads));
        var interOp = Sweep(map, "inter_op_threads", v => map.ReadInt(v, "inter_op_threads", 0, 1024), new("0", 0));
        var optimization = Sweep(map, "graph_optimization", v => map.ReadChoice(v, "graph_optimization", OptimizationLevels), new("all", GraphOptimization.All));
        var mode = Sweep(map, "execution_mode", v => map.ReadChoice(v, "execution_mode", ExecutionModes), new("sequential", ExecutionMode.Sequential));
        var targets = new List<TargetSpec>();
        foreach (var t in threads)
        {
            foreach (var i in interOp)
            {
                foreach (var o in optimization)
                {
                    foreach (var m in mode)
                    {
                        var suffix = (threads.Count > 1 ? "-t" + t.Text : string.Empty) + (interOp.Count > 1 ? "-i" + i.Text : string.Empty)
                            + (optimization.Count > 1 ? "-" + o.Text : string.Empty) + (mode.Count > 1 ? "-" + m.Text : string.Empty);
                        targets.Add(new TargetSpec(name + suffix, device, t.Value, i.Value, o.Value, m.Value)
                        {
                            Price = price,
                            Cuda = cuda,
                            Agent = agent,
                            Pinning = placement.Pinning,
                            SpinWait = placement.SpinWait,
                            MemoryLimitBytes = placement.MemoryLimitBytes,
                            Emulation = placement.Emulation,
                        });
                    }
                }
            }
        }

        return targets;
    }

    /// <summary>Where the worker runs and what it may hold: an edge target's from its profile, a cpu target's as written.</summary>
    private static (CorePinning? Pinning, bool? SpinWait, long? MemoryLimitBytes, EdgeEmulation? Emulation) ReadPlacement(YamlMap map, Devices.DeviceProfile? profile)
    {
        bool? spin = map.Has("spin_wait") ? map.OptionalBool("spin_wait", true) : null;
        if (profile is not null)
        {
            return (CorePinning.First(profile.Cores), spin, profile.MemoryBytes, profile.Emulation);
        }

        if (map.Get("cores") is { } coresNode && map.Get("pin") is { } pinNode)
        {
            throw map.Error(pinNode, $"give either 'cores' (which cores) or 'pin' (how many) in {map.Context}, not both");
        }

        CorePinning? pinning = null;
        if (map.Get("cores") is { } listNode)
        {
            var list = listNode as YamlSequenceNode ?? throw map.Error(listNode, $"'cores' in {map.Context} must be a list of core numbers, such as [0] or [0, 1]");
            var cores = list.Children.Select(c => map.ReadInt(c, "cores", 0, 4095)).ToList();
            if (cores.Count == 0)
            {
                throw map.Error(listNode, $"'cores' in {map.Context} is empty; give at least one core number");
            }

            if (cores.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw map.Error(listNode, $"'cores' in {map.Context} names core {twice.Key} twice");
            }

            pinning = CorePinning.Listed(cores);
        }
        else if (map.Get("pin") is { } countNode)
        {
            pinning = CorePinning.First(map.ReadInt(countNode, "pin", 1, 4096));
        }

        long? limit = null;
        if (map.Get("memory_limit") is { } limitNode)
        {
            var text = map.ScalarText(limitNode, "memory_limit");
            limit = Quantities.TryParseBytes(text, out var bytes) && bytes > 0
                ? bytes
                : throw map.Error(limitNode, $"'memory_limit' in {map.Context} is '{text}'; expected a size such as 512MiB or 8GiB");
        }

        return (pinning, spin, limit, null);
    }

    /// <summary>The profile named by an edge target; an unknown name is refused with the names there are.</summary>
    private static Devices.DeviceProfile ReadProfile(YamlMap map, Devices.DeviceTable table)
    {
        var node = map.Get("profile") ?? throw map.Error(map.Node, $"{map.Context} is an edge target without a 'profile'; name one of: {string.Join(", ", table.Profiles.Keys)}");
        return map.ReadChoice(node, "profile", table.Profiles);
    }

    /// <summary>An edge target is priced by its profile's entry in the price table, the one place a device's price and watts are kept.</summary>
    private static TargetPrice PriceOf(YamlMap map, Devices.DeviceProfile profile, string entry, TargetPrice? given, Price.PriceTable table)
    {
        if (!table.Devices.ContainsKey(entry))
        {
            throw map.Error(map.Require("profile"), $"profile '{profile.Name}' is priced by the price table's device '{entry}', which the table lacks; it has: {string.Join(", ", table.Devices.Keys)}");
        }

        var electricity = table.Electricity.Keys.FirstOrDefault()
            ?? throw map.Error(map.Require("profile"), $"profile '{profile.Name}' is priced by '{entry}', whose running cost needs an electricity price, and the price table has none");
        return new TargetPrice(null, entry, electricity, given?.Deployment);
    }

    private static CudaSettings ReadCuda(YamlMap map)
    {
        var deviceId = map.OptionalInt("device_id", 0, 0, 64);
        var search = map.OptionalChoice("cudnn_conv_algo_search", CudaSettings.Default.ConvAlgorithmSearch, ConvSearches);
        long? limit = null;
        if (map.Get("gpu_mem_limit") is { } node)
        {
            var text = map.ScalarText(node, "gpu_mem_limit");
            limit = Quantities.TryParseBytes(text, out var bytes) && bytes > 0
                ? bytes
                : throw map.Error(node, $"'gpu_mem_limit' in {map.Context} is '{text}'; expected a size such as 4GiB or 512MiB");
        }

        return new CudaSettings(deviceId, search, limit);
    }

    /// <summary>
    /// The agent's address and the files that trust it, relative to the scenario. The files are read
    /// when the target's jobs run, so a missing one fails that target's jobs and no other's.
    /// </summary>
    private static AgentEndpoint ReadAgent(YamlMap map, string file)
    {
        var node = map.Require("url");
        var text = map.ScalarText(node, "url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            throw map.Error(node, $"'url' in {map.Context} is '{text}'; expected the agent's address, such as https://pi.local:7070 (http on loopback only)");
        }

        if (url.Scheme == "http" && !url.IsLoopback)
        {
            throw map.Error(node, $"'url' in {map.Context} is '{text}': an agent beyond loopback is reached over https only, so its token never crosses the network in the clear");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        string? Relative(string key) => map.OptionalString(key) is { } path ? Path.GetFullPath(Path.Combine(baseDirectory, path)) : null;
        return new AgentEndpoint(url, Relative("token_file"), Relative("ca"));
    }

    /// <summary>One value or a list of them; a value written twice is swept once.</summary>
    private static List<Setting<T>> Sweep<T>(YamlMap map, string key, Func<YamlNode, T> read, Setting<T> fallback) => map.Get(key) switch
    {
        null => [fallback],
        YamlSequenceNode { Children.Count: 0 } empty => throw map.Error(empty, $"'{key}' is an empty list; give at least one value"),
        YamlSequenceNode list => list.Children.Select(v => new Setting<T>(map.ScalarText(v, key), read(v))).DistinctBy(s => s.Value).ToList(),
        var single => [new Setting<T>(map.ScalarText(single, key), read(single))],
    };
}
