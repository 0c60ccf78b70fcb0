import * as v from "valibot";
import { SourceType } from "./connections.js";
import { page } from "./paging.js";
import { Url, Uuid, wire } from "./wire.js";

export const FeatureState = /* @__PURE__ */ v.picklist([
  "Release",
  "Alpha",
  "Beta",
  "Deprecated",
  "NotSupported",
  "NotImplemented",
]);
export type FeatureState = v.InferOutput<typeof FeatureState>;

export const SupportedFeature = /* @__PURE__ */ wire({ featureType: v.string(), featureState: FeatureState });
export type SupportedFeature = v.InferOutput<typeof SupportedFeature>;

export const DataTypeFeature = /* @__PURE__ */ wire({
  dataType: v.optional(v.string()),
  supportedFeatures: v.array(SupportedFeature),
});
export type DataTypeFeature = v.InferOutput<typeof DataTypeFeature>;

export const Integration = /* @__PURE__ */ wire({
  key: v.string(),
  logoUrl: Url,
  name: v.string(),
  enabled: v.boolean(),
  sourceId: v.optional(Uuid),
  sourceType: v.optional(SourceType),
  integrationId: v.optional(Uuid),
  isOfflineConnector: v.optional(v.boolean()),
  isBeta: v.optional(v.boolean()),
  dataProvidedBy: v.optional(v.string()),
  datatypeFeatures: v.optional(v.array(DataTypeFeature)),
});
export type Integration = v.InferOutput<typeof Integration>;

export const Integrations = /* @__PURE__ */ page(Integration);
export type Integrations = v.InferOutput<typeof Integrations>;

export const ImageReference = /* @__PURE__ */ wire({ src: v.optional(Url), alt: v.optional(v.string()) });
export type ImageReference = v.InferOutput<typeof ImageReference>;

export const BrandingImage = /* @__PURE__ */ wire({ image: v.optional(ImageReference) });
export type BrandingImage = v.InferOutput<typeof BrandingImage>;

export const BrandingLogo = /* @__PURE__ */ wire({ full: v.optional(BrandingImage), square: v.optional(BrandingImage) });
export type BrandingLogo = v.InferOutput<typeof BrandingLogo>;

export const BrandingButton = /* @__PURE__ */ wire({
  default: v.optional(BrandingImage),
  hover: v.optional(BrandingImage),
});
export type BrandingButton = v.InferOutput<typeof BrandingButton>;

export const Branding = /* @__PURE__ */ wire({
  logo: v.optional(BrandingLogo),
  button: v.optional(BrandingButton),
  sourceId: v.optional(Uuid),
});
export type Branding = v.InferOutput<typeof Branding>;
