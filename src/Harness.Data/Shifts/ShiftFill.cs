namespace Harness.Data.Shifts;

/// <summary>What the area a translation uncovers, or an occlusion covers, is filled with; one value per channel.</summary>
public enum ShiftFill
{
    /// <summary>
    /// The mean of the image's border pixels: the background wherever the subject does not touch
    /// the frame (text lines, digits, objects on a plain ground), so a translated image looks as if
    /// the camera had moved.
    /// </summary>
    Background,

    /// <summary>The image's mean, as occlusion studies usually fill: it adds no new brightness to the image.</summary>
    Mean,

    /// <summary>
    /// The stored value the dataset's preprocessing normalises to its pad value, so the area looks to
    /// the model like the padding it already sees. Needs one mean and std for all channels.
    /// </summary>
    Pad,
}
