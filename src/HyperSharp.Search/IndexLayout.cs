namespace HyperSharp.Search;

/// <summary>
/// The index file's layout, version 2 (version 1 had no score bounds; it is refused with a request to rebuild) (all integers little-endian):
/// <list type="bullet">
/// <item>header: magic <c>HSSEARCH</c>, version (u32), section count (u32), file length (u64), then per section its
/// id (u32), 0 (u32), offset (u64), length (u64) and XxHash3 (u64), then the XxHash3 of the header before it;</item>
/// <item><see cref="Section.Documents"/>: document count (u32), 0 (u32), total tokens (u64), then per document its
/// length in tokens (u32[N]), source file (u32[N]) and line (u32[N], 0 for a whole file);</item>
/// <item><see cref="Section.Sources"/> and <see cref="Section.Names"/>: a count C (u32), C + 1 offsets (u32) into the
/// UTF-8 bytes that follow: the source paths, and the terms in UTF-8 byte order;</item>
/// <item><see cref="Section.Terms"/>: per term (in the names' order) its document frequency (u32), the XxHash32 of
/// its postings (u32), collection frequency (u64), postings offset and length in <see cref="Section.Postings"/> (u64, u64), its largest
/// block saturation (f32, as in the skip entries) and 0 (u32);</item>
/// <item><see cref="Section.Postings"/>: per term, its skip table (per block of 128: last document, block offset,
/// positions offset: u32 each, relative to the term's postings; the block's largest <see cref="Bm25.Saturation"/>
/// under the index's mean length, rounded up to an f32: top-k search skips blocks that cannot compete), the blocks (bits of the gaps, bits of the
/// frequencies − 1: a byte each, then both bit-packed) and the positions (per document, gaps as varints);</item>
/// <item><see cref="Section.Completion"/>: the completion trie (<see cref="CompletionTrie"/>).</item>
/// </list>
/// Opening checks the header and the file's length (O(1)); each small section's checksum is checked the first time
/// it is read, and a term's postings' the first time they are.
/// </summary>
internal static class IndexLayout
{
    public static ReadOnlySpan<byte> Magic => "HSSEARCH"u8;

    public const uint FormatVersion = 2;

    public const int SectionEntryBytes = 32;

    public const int TermEntryBytes = 40;

    public const int SkipEntryBytes = 16;

    /// <summary>The sections (the file holds them in <see cref="Sections"/>' order: postings before the terms that point into them).</summary>
    public enum Section : uint
    {
        Documents = 1,
        Sources = 2,
        Names = 3,
        Terms = 4,
        Postings = 5,
        Completion = 6,
    }

    public static readonly Section[] Sections = [Section.Documents, Section.Sources, Section.Names, Section.Postings, Section.Terms, Section.Completion];

    public static int HeaderBytes(int sections) => 8 + 4 + 4 + 8 + sections * SectionEntryBytes + 8;
}
