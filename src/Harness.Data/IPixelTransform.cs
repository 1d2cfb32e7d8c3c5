namespace Harness.Data;

/// <summary>
/// A change to a stored image's values in pixel space, run by <see cref="SamplePreprocessor"/>
/// after the stored elements become float32 and before channel conversion, resize and
/// normalisation. There it sees the image as its file holds it, so what it does (noise of 5% of
/// the value range, a rectangle over a tenth of the area) means the same whatever preprocessing a
/// model declares, and nothing has to undo a normalisation. It must keep the image's size: the
/// sample's geometry was planned from the stored shape.
/// </summary>
internal interface IPixelTransform
{
    /// <summary>
    /// Why this transform cannot act on samples of <paramref name="layout"/> (e.g. a translation
    /// of a plain tensor, which has no rows and columns), or null when it can. Asked while a sample
    /// is planned, so the error names the sample.
    /// </summary>
    string? CannotApplyTo(SampleLayout layout);

    /// <summary>Changes <paramref name="pixels"/> (the sample's stored values, laid out as <paramref name="image"/> says) in place.</summary>
    void Apply(Span<float> pixels, in StoredImage image);
}
