using System.Runtime.InteropServices;

namespace Harness.Cli.Commands;

/// <summary>
/// Checks where a verb is about to write a model, before anything is written. A model is put in
/// place by rename, and rename replaces whatever the path names: run as root, <c>-o /dev/null</c>
/// would turn the device into a regular file, and an output naming the source would silently
/// replace the model every variant is measured against. Both are refused; <c>--force</c> allows
/// replacing the source (never a device, folder, pipe or socket).
/// </summary>
internal static class OutputTarget
{
    /// <summary>Returns the full path to write to, or throws a <see cref="UsageException"/> saying why not.</summary>
    public static string Check(string source, string output, bool force)
    {
        var target = Path.GetFullPath(output);
        if (FileNode.Of(target) is not { } existing)
        {
            return target;
        }

        if (existing.IsDirectory)
        {
            throw new UsageException($"the output {output} is a folder; name a file inside it, e.g. {Path.Combine(output, Path.GetFileName(source))}");
        }

        if (!existing.IsRegularFile)
        {
            throw new UsageException($"the output {output} exists and is not a regular file (a device, pipe or socket); Harness writes models only to new or regular files");
        }

        if (FileNode.Of(Path.GetFullPath(source)) is { } input && input.SameAs(existing) && !force)
        {
            throw new UsageException($"the output {output} is the input model itself, and writing there would replace it; choose another path, or add --force to replace the source");
        }

        return target;
    }

    /// <summary>
    /// What a path names after following links, from statx(2): its type and identity. .NET's file
    /// APIs say neither on Unix (a character device "exists" as a file), and statx's layout, unlike
    /// stat's, is the same on every architecture.
    /// </summary>
    private readonly record struct FileNode(int Mode, ulong Inode, uint DeviceMajor, uint DeviceMinor)
    {
        private const int TypeMask = 0xF000;

        public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

        public bool IsDirectory => (Mode & TypeMask) == 0x4000;

        public bool SameAs(FileNode other) => Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;

        public static FileNode? Of(string path)
        {
            const int CurrentFolder = -100; // AT_FDCWD
            const uint TypeModeAndInode = 0x1 | 0x2 | 0x100; // STATX_TYPE | STATX_MODE | STATX_INO
            var buffer = new byte[256];
            if (Statx(CurrentFolder, path, 0, TypeModeAndInode, buffer) != 0)
            {
                return null;
            }

            return new FileNode(
                BitConverter.ToUInt16(buffer, 28),
                BitConverter.ToUInt64(buffer, 32),
                BitConverter.ToUInt32(buffer, 136),
                BitConverter.ToUInt32(buffer, 140));
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
    }
}
