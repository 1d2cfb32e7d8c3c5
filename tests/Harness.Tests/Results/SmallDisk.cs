using System.Diagnostics;

namespace Harness.Tests.Results;

/// <summary>
/// A real, tiny file system (tmpfs) that tests can fill to the last byte, so "disk full" is the
/// kernel's own ENOSPC rather than a simulated exception. Mounting needs root, which the project's
/// machines and CI have; elsewhere <see cref="TryMount"/> returns null and the caller says so.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <param name="readOnly">Mount it read-only: every write fails with the kernel's EROFS, even for root.</param>
    public static SmallDisk? TryMount(int kibibytes, bool readOnly = false)
    {
        if (Environment.UserName != "root")
        {
            return null;
        }

        var path = TestAssets.NewScratchDirectory("small-disk");
        Run("mount", "-t", "tmpfs", "-o", $"{(readOnly ? "ro," : string.Empty)}size={kibibytes}k", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the file system refuses another byte.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler-" + Guid.NewGuid().ToString("N")[..6]), FileMode.CreateNew);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full, as intended.
        }

        try
        {
            for (var i = 0; ; i++)
            {
                // Empty files still need inodes and directory entries: take the last crumbs too.
                using var crumb = new FileStream(System.IO.Path.Combine(Path, $"crumb-{i}"), FileMode.CreateNew);
                crumb.WriteByte(1);
                crumb.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
        }
    }

    public void Free()
    {
        foreach (var file in Directory.GetFiles(Path, "filler-*").Concat(Directory.GetFiles(Path, "crumb-*")))
        {
            File.Delete(file);
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
