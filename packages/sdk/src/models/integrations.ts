import * as v from "valibot";
import { SourceType } from "./connections.js";
import { page, type PageLinks } from "./paging.js";
import { Url, Uuid, wire } from "./wire.js";

/** The current release state of the feature. */
export const FeatureState = /* @__PURE__ */ v.picklist([
  "Release",
  "Alpha",
  "Beta",
  "Deprecated",
  "NotSupported",
  "NotImplemented",
]);
export type FeatureState = v.InferOutput<typeof FeatureState>;

/** A feature of a data type and how far it is released. */
export const SupportedFeature = /* @__PURE__ */ wire({
  /** The type of feature. */
  featureType: v.string(),
  /** The current release state of the feature. */
  featureState: FeatureState,
});
export type SupportedFeature = v.InferOutput<typeof SupportedFeature>;

/** Describes support for a given datatype and associated operations. */
export const DataTypeFeature = /* @__PURE__ */ wire({
  /** Available data types. */
  dataType: v.optional(v.string()),
  /** The features of the data type and their release states. */
  supportedFeatures: v.array(SupportedFeature),
});
export type DataTypeFeature = v.InferOutput<typeof DataTypeFeature>;

/** An integration that Codat supports. */
export const Integration = /* @__PURE__ */ wire({
  /** A unique 4-letter key to represent a platform in each integration. */
  key: v.string(),
  /** Static url for integration's logo. */
  logoUrl: Url,
  /** Name of integration. */
  name: v.string(),
  /** Whether this integration is enabled for your customers to use. */
  enabled: v.boolean(),
  /** A source-specific ID used to distinguish between different sources originating from the same data connection. */
  sourceId: v.optional(Uuid),
  /** The type of platform of the connection. */
  sourceType: v.optional(SourceType),
  /** A Codat ID representing the integration. */
  integrationId: v.optional(Uuid),
  /** `True` if the integration is to an application installed and run locally on an SMBs computer. */
  isOfflineConnector: v.optional(v.boolean()),
  /** `True` if the integration is currently in beta release. */
  isBeta: v.optional(v.boolean()),
  /** The name of the data provider. */
  dataProvidedBy: v.optional(v.string()),
  /** The data types the integration supports and their features. */
  datatypeFeatures: v.optional(v.array(DataTypeFeature)),
});
export type Integration = v.InferOutput<typeof Integration>;

/** A page of integrations. (The schema checks the wire shape; the client's value also has `links`.) */
export const Integrations = /* @__PURE__ */ page(Integration);
export type Integrations = v.InferOutput<typeof Integrations> & PageLinks;

/** Image reference. */
export const ImageReference = /* @__PURE__ */ wire({
  /** Source URL for image. */
  src: v.optional(Url),
  /** Alternative text when image is not available. */
  alt: v.optional(v.string()),
});
export type ImageReference = v.InferOutput<typeof ImageReference>;

/** Branding Image. */
export const BrandingImage = /* @__PURE__ */ wire({
  /** Image reference. */
  image: v.optional(ImageReference),
});
export type BrandingImage = v.InferOutput<typeof BrandingImage>;

/** Logo branding references. */
export const BrandingLogo = /* @__PURE__ */ wire({
  /** The full logo. */
  full: v.optional(BrandingImage),
  /** The square logo. */
  square: v.optional(BrandingImage),
});
export type BrandingLogo = v.InferOutput<typeof BrandingLogo>;

/** Button branding references. */
export const BrandingButton = /* @__PURE__ */ wire({
  /** The button as shown. */
  default: v.optional(BrandingImage),
  /** The button under the pointer. */
  hover: v.optional(BrandingImage),
});
export type BrandingButton = v.InferOutput<typeof BrandingButton>;

/** Branding: a platform's logos and buttons. */
export const Branding = /* @__PURE__ */ wire({
  /** Logo branding references. */
  logo: v.optional(BrandingLogo),
  /** Button branding references. */
  button: v.optional(BrandingButton),
  /** A source-specific ID used to distinguish between different sources originating from the same data connection. */
  sourceId: v.optional(Uuid),
});
export type Branding = v.InferOutput<typeof Branding>;
