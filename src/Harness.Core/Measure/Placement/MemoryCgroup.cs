using System.Globalization;

namespace Harness.Measure.Placement;

/// <summary>
/// A memory cgroup of its own for one worker, made under the cgroup this process is in: the kernel
/// then holds the worker to a device's memory as the device would, stopping it (the out-of-memory
/// killer) at the limit instead of letting it finish and be judged by its peak RSS afterwards.
/// cgroup v2 (<c>memory.max</c>) where the unified hierarchy has the memory controller, else
/// cgroup v1 (<c>memory.limit_in_bytes</c>). Neither may be writable (not root, no delegation, a
/// v2 group whose processes keep it from handing the controller down): <see cref="TryCreate"/>
/// then says why, and the worker's peak RSS is checked instead.
/// </summary>
public sealed class MemoryCgroup : IDisposable
{
    public const string V1 = "cgroup v1";
    public const string V2 = "cgroup v2";

    private const string ProcSelfCgroup = "/proc/self/cgroup";
    private const string ProcSelfMountInfo = "/proc/self/mountinfo";

    private MemoryCgroup(string directory, string kind, long limitBytes)
    {
        Directory = directory;
        Kind = kind;
        LimitBytes = limitBytes;
    }

    /// <summary>The group's folder in the cgroup file system.</summary>
    public string Directory { get; }

    /// <summary><see cref="V1"/> or <see cref="V2"/>.</summary>
    public string Kind { get; }

    public long LimitBytes { get; }

    /// <summary>The file a process writes its pid to in order to join the group.</summary>
    public string ProcsFile => Path.Combine(Directory, "cgroup.procs");

    /// <summary>Processes the kernel's out-of-memory killer stopped in this group so far.</summary>
    public long OutOfMemoryKills => Counter(Kind == V2 ? "memory.events" : "memory.oom_control", "oom_kill");

    /// <summary>Whether anything in the group reached the limit (an allocation the kernel had to refuse or reclaim for).</summary>
    public bool LimitReached => OutOfMemoryKills > 0 || (Kind == V2 ? Counter("memory.events", "max") > 0 : ReadNumber("memory.failcnt") > 0);

    /// <summary>
    /// A group limited to <paramref name="limitBytes"/>, swap included (a device without swap space
    /// must not look as if it had some); null, with the reason, where no memory cgroup can be made here.
    /// </summary>
    public static MemoryCgroup? TryCreate(long limitBytes, out string whyNot)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        if (!OperatingSystem.IsLinux() || !File.Exists(ProcSelfCgroup) || !File.Exists(ProcSelfMountInfo))
        {
            whyNot = "cgroups are a Linux feature";
            return null;
        }

        var name = $"harness-worker-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            if (OwnGroup(v2: true) is { } unified && File.Exists(Path.Combine(unified, "cgroup.controllers"))
                && File.ReadAllText(Path.Combine(unified, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries).Contains("memory"))
            {
                return CreateV2(unified, name, limitBytes, out whyNot);
            }

            if (OwnGroup(v2: false) is { } memory)
            {
                return CreateV1(memory, name, limitBytes, out whyNot);
            }

            whyNot = "no memory cgroup controller is mounted";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"no memory cgroup could be made ({e.Message})";
            return null;
        }
    }

    /// <summary>
    /// The memory limit this process is held to by its own cgroup and the cgroup's version; null
    /// where it has none (or cgroups cannot be read). A worker reads it to learn whether the
    /// kernel enforces its target's memory, or it must check its peak RSS itself.
    /// </summary>
    public static (string Kind, long LimitBytes)? LimitOfThisProcess()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(ProcSelfCgroup) || !File.Exists(ProcSelfMountInfo))
        {
            return null;
        }

        try
        {
            if (OwnGroup(v2: true) is { } unified && ReadLimit(Path.Combine(unified, "memory.max")) is { } v2Limit)
            {
                return (V2, v2Limit);
            }

            if (OwnGroup(v2: false) is { } memory && ReadLimit(Path.Combine(memory, "memory.limit_in_bytes")) is { } v1Limit)
            {
                return (V1, v1Limit);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unreadable: treated as no limit, so the worker checks its peak RSS
        }

        return null;
    }

    /// <summary>Removes the group; its processes must have exited (a group with members cannot be removed, so a few tries).</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 20 && System.IO.Directory.Exists(Directory); attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory); // rmdir: the control files are the kernel's, not files to delete
            }
            catch (IOException)
            {
                Thread.Sleep(50); // the last process is still leaving
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static MemoryCgroup? CreateV2(string parent, string name, long limitBytes, out string whyNot)
    {
        // A child gets memory.max only when its parent hands the controller down; a v2 group with
        // processes of its own (other than the root) may not, and the kernel says so (EBUSY).
        var subtree = Path.Combine(parent, "cgroup.subtree_control");
        if (!File.ReadAllText(subtree).Split(' ', StringSplitOptions.TrimEntries).Contains("memory"))
        {
            try
            {
                File.WriteAllText(subtree, "+memory");
            }
            catch (IOException e)
            {
                whyNot = $"the cgroup v2 group {parent} does not hand the memory controller down to a child ({e.Message})";
                return null;
            }
        }

        var directory = System.IO.Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        var group = new MemoryCgroup(directory, V2, limitBytes);
        return group.Limit("memory.max", limitBytes, optional: ["memory.swap.max"], swapValue: "0", out whyNot);
    }

    private static MemoryCgroup? CreateV1(string parent, string name, long limitBytes, out string whyNot)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        var group = new MemoryCgroup(directory, V1, limitBytes);
        return group.Limit("memory.limit_in_bytes", limitBytes, optional: ["memory.memsw.limit_in_bytes"], swapValue: null, out whyNot);
    }

    /// <summary>Writes the limit (and, where the kernel has them, the swap limit); a group that refuses is removed again.</summary>
    /// <param name="swapValue">What the swap file takes: null for the same limit (v1's memory+swap total), "0" for no swap (v2).</param>
    private MemoryCgroup? Limit(string file, long limitBytes, string[] optional, string? swapValue, out string whyNot)
    {
        var limit = limitBytes.ToString(CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllText(Path.Combine(Directory, file), limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            whyNot = $"the {Kind} group {Directory} refused a memory limit ({e.Message})";
            return null;
        }

        foreach (var swap in optional)
        {
            var path = Path.Combine(Directory, swap);
            if (File.Exists(path))
            {
                try
                {
                    File.WriteAllText(path, swapValue ?? limit);
                }
                catch (IOException)
                {
                    // swap accounting off in this kernel: the memory limit alone still holds without swap space
                }
            }
        }

        whyNot = string.Empty;
        return this;
    }

    /// <summary>
    /// This process's group folder in the v2 (unified) or v1 memory hierarchy: the mount point from
    /// /proc/self/mountinfo, joined with the group's path from /proc/self/cgroup (relative to the
    /// mount's root, which differs from / in a container that sees part of the tree).
    /// </summary>
    private static string? OwnGroup(bool v2)
    {
        string? groupPath = null;
        foreach (var line in File.ReadLines(ProcSelfCgroup))
        {
            // hierarchy-id:controllers:path; v2's line is 0::path
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (v2 ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains("memory")))
            {
                groupPath = parts[2];
            }
        }

        if (groupPath is null)
        {
            return null;
        }

        foreach (var line in File.ReadLines(ProcSelfMountInfo))
        {
            // id parent major:minor root mount-point options [optional fields] - type source super-options
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            var matches = v2 ? tail[0] == "cgroup2" : tail[0] == "cgroup" && tail.Length > 2 && tail[2].Split(',').Contains("memory");
            if (!matches || fields.Length < 5)
            {
                continue;
            }

            var root = fields[3];
            var relative = root != "/" && groupPath.StartsWith(root, StringComparison.Ordinal) ? groupPath[root.Length..] : groupPath;
            var directory = Path.Join(Unescape(fields[4]), relative.TrimStart('/'));
            return System.IO.Directory.Exists(directory) ? directory : null;
        }

        return null;
    }

    /// <summary>mountinfo writes a space in a path as \040.</summary>
    private static string Unescape(string path) => path.Replace("\\040", " ", StringComparison.Ordinal);

    /// <summary>A limit file's value; null for "max" (v2) or a value so large it means none (v1's 2^63 rounded down to a page).</summary>
    private static long? ReadLimit(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes < long.MaxValue / 2 ? bytes : null;
    }

    private long ReadNumber(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    /// <summary>One "key value" line of a flat-keyed control file (memory.events, memory.oom_control).</summary>
    private long Counter(string file, string key)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return 0;
    }
}
