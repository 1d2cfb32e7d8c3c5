using System.Globalization;

namespace Harness.Measure.Placement;

/// <summary>The kernel's way of writing a set of cores (<c>0-3,8</c>), as <c>Cpus_allowed_list</c> and <c>taskset -c</c> use it.</summary>
public static class CoreList
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var cores = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = int.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            for (var core = first; core <= last; core++)
            {
                cores.Add(core);
            }
        }

        return cores;
    }

    /// <summary>Runs of consecutive cores joined by a dash: [0, 1, 2, 5] is <c>0-2,5</c>.</summary>
    public static string Format(IEnumerable<int> cores)
    {
        var sorted = cores.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return string.Join(",", parts);
    }
}
