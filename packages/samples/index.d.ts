export declare const samples: Readonly<{
  faceMp4: string;
  faceCutMp4: string;
  face1sMp4: string;
  twoFacesMp4: string;
  dubWav: string;
  faceMov: string;
  faceM4v: string;
  faceWebm: string;
  silentMp4: string;
  dubMp3: string;
  dubM4a: string;
  dubAac: string;
  long16sMp4: string;
  long16sMp3: string;
  edge15sMp4: string;
  emptyMp4: string;
  notMediaMp4: string;
  truncatedMp4: string;
}>;
export declare const mediaDir: string;

export declare const astronautJpg: string;
