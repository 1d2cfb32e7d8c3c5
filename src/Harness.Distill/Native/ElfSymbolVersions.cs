using System.Buffers.Binary;
using System.Text;

namespace Harness.Distill.Native;

/// <summary>One version a shared library asks of a dependency (a <c>Vernaux</c> entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The dependency it is asked of (libstdc++.so.6).</param>
/// <param name="Name">The version (GLIBCXX_3.4.32).</param>
/// <param name="Weak">True when the loader may go on without it (<c>VER_FLG_WEAK</c>).</param>
/// <param name="FlagsOffset">Where the entry's <c>vna_flags</c> lies in the file.</param>
public sealed record RequiredVersion(string File, string Name, bool Weak, long FlagsOffset);

/// <summary>
/// The symbol versions of a 64-bit little-endian ELF shared library (x86-64, arm64): those it
/// defines (<c>.gnu.version_d</c>, as libstdc++ defines GLIBCXX_3.4.30) and those it requires of
/// its dependencies (<c>.gnu.version_r</c>). That is all the dynamic loader checks before it
/// binds a library's symbols, so it is all a library's loadability on this system depends on.
/// </summary>
public sealed class ElfSymbolVersions
{
    /// <summary>The loader may go on without a weak version; a missing strong one refuses the library.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionVersionDefinitions = 0x6ffffffd;
    private const uint SectionVersionRequirements = 0x6ffffffe;

    private ElfSymbolVersions(string path, IReadOnlyList<string> defined, IReadOnlyList<RequiredVersion> required)
    {
        Path = path;
        Defined = defined;
        Required = required;
    }

    public string Path { get; }

    public IReadOnlyList<string> Defined { get; }

    public IReadOnlyList<RequiredVersion> Required { get; }

    public static ElfSymbolVersions Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static ElfSymbolVersions Parse(ReadOnlySpan<byte> elf, string path)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007fELF"u8))
        {
            throw new NativeLibraryException($"{path} is not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new NativeLibraryException($"{path} is not a 64-bit little-endian ELF file; only those are read.");
        }

        var sectionTable = checked((int)U64(elf, 0x28));
        var sectionSize = U16(elf, 0x3A);
        var sectionCount = U16(elf, 0x3C);
        if (sectionTable == 0 || sectionCount == 0 || sectionTable + ((long)sectionSize * sectionCount) > elf.Length)
        {
            throw new NativeLibraryException($"{path} has no section headers, so its symbol versions cannot be read.");
        }

        var defined = new List<string>();
        var required = new List<RequiredVersion>();
        for (var s = 0; s < sectionCount; s++)
        {
            var header = sectionTable + (s * sectionSize);
            var type = U32(elf, header + 4);
            if (type is not (SectionVersionDefinitions or SectionVersionRequirements))
            {
                continue;
            }

            var offset = checked((int)U64(elf, header + 0x18));
            var entries = (int)U32(elf, header + 0x2C);
            var strings = StringTable(elf, sectionTable + ((int)U32(elf, header + 0x28) * sectionSize));
            if (type == SectionVersionDefinitions)
            {
                ReadDefinitions(elf, offset, entries, strings, defined);
            }
            else
            {
                ReadRequirements(elf, offset, entries, strings, required);
            }
        }

        return new ElfSymbolVersions(path, defined, required);
    }

    /// <summary>
    /// Writes a copy of <paramref name="source"/> to <paramref name="target"/> in which each named
    /// version requirement is weak. Only the two bytes of each entry's flags change.
    /// </summary>
    public static void WriteWithWeakRequirements(string source, string target, IReadOnlyCollection<string> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var bytes = File.ReadAllBytes(source);
        var entries = Parse(bytes, source).Required.Where(r => versions.Contains(r.Name)).ToList();
        if (entries.Count == 0)
        {
            throw new NativeLibraryException($"{source} does not require {string.Join(", ", versions)}; there is nothing to mark weak.");
        }

        foreach (var entry in entries)
        {
            var flags = bytes.AsSpan(checked((int)entry.FlagsOffset), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | WeakFlag));
        }

        var partial = target + ".partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, target, overwrite: true);
    }

    private static void ReadDefinitions(ReadOnlySpan<byte> elf, int at, int count, ReadOnlySpan<byte> strings, List<string> defined)
    {
        // Verdef: version, flags, ndx, cnt (2 bytes each), hash, aux, next (4 each); its first Verdaux names it.
        for (var i = 0; i < count; i++)
        {
            var aux = at + (int)U32(elf, at + 12);
            defined.Add(Name(strings, U32(elf, aux)));
            var next = (int)U32(elf, at + 16);
            if (next == 0)
            {
                break;
            }

            at += next;
        }
    }

    private static void ReadRequirements(ReadOnlySpan<byte> elf, int at, int count, ReadOnlySpan<byte> strings, List<RequiredVersion> required)
    {
        // Verneed: version, cnt (2 each), file, aux, next (4 each). Vernaux: hash (4), flags, other (2 each), name, next (4 each).
        for (var i = 0; i < count; i++)
        {
            var file = Name(strings, U32(elf, at + 4));
            var aux = at + (int)U32(elf, at + 8);
            for (var a = 0; a < U16(elf, at + 2); a++)
            {
                var flags = U16(elf, aux + 4);
                required.Add(new RequiredVersion(file, Name(strings, U32(elf, aux + 8)), (flags & WeakFlag) != 0, aux + 4));
                aux += (int)U32(elf, aux + 12);
            }

            var next = (int)U32(elf, at + 12);
            if (next == 0)
            {
                break;
            }

            at += next;
        }
    }

    private static ReadOnlySpan<byte> StringTable(ReadOnlySpan<byte> elf, int header) =>
        elf.Slice(checked((int)U64(elf, header + 0x18)), checked((int)U64(elf, header + 0x20)));

    private static string Name(ReadOnlySpan<byte> strings, uint offset)
    {
        var tail = strings[(int)offset..];
        var end = tail.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? tail : tail[..end]);
    }

    private static ushort U16(ReadOnlySpan<byte> elf, int at) => BinaryPrimitives.ReadUInt16LittleEndian(elf[at..]);

    private static uint U32(ReadOnlySpan<byte> elf, int at) => BinaryPrimitives.ReadUInt32LittleEndian(elf[at..]);

    private static ulong U64(ReadOnlySpan<byte> elf, int at) => BinaryPrimitives.ReadUInt64LittleEndian(elf[at..]);
}
